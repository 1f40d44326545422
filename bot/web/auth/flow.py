"""The Sign in with Slack round trip (OpenID Connect, authorization code flow). Going out, a fresh
`state` and `nonce` are kept in the session; coming back, the `state` must match and is used up
(a replayed or forged callback is refused), Slack's answer must carry the `nonce`, and the person
must belong to the bot's own workspace."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode, urlsplit

from flask import Response, redirect, session

from bot.settings import Settings
from bot.web.context import web_context

PENDING = "signing_in"
CALLBACK = "/auth/slack/callback"
SCOPES = "openid profile email"


def to_slack(next_path: str) -> Response:
    """Send the browser to Slack's authorize page; it returns to CALLBACK, then to `next_path`."""
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    session[PENDING] = {"state": state, "nonce": nonce, "next": safe_next(next_path)}
    return redirect(authorize_url(web_context().settings, state, nonce))


def authorize_url(settings: Settings, state: str, nonce: str) -> str:
    """Slack's authorize page lives on the Web API's host (slack.com for https://slack.com/api/)."""
    api = urlsplit(settings.slack_api_url)
    query = {
        "response_type": "code",
        "scope": SCOPES,
        "client_id": settings.slack_client_id,
        "redirect_uri": redirect_uri(settings),
        "state": state,
        "nonce": nonce,
    }
    return f"{api.scheme}://{api.netloc}/openid/connect/authorize?{urlencode(query)}"


def redirect_uri(settings: Settings) -> str:
    return f"{settings.public_url}{CALLBACK}"


def safe_next(path: str) -> str:
    """Only a path on this site: `//evil.example` or a full URL would make sign-in an open redirect."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"
