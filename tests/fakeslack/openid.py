"""Sign in with Slack on the fake: the browser's `/openid/connect/authorize` page and the Web API's
`openid.connect.token` and `openid.connect.userInfo`.

Tests register the app (`fake.openid.register(client_id, secret, redirect_url)`) and say who is
signed in to Slack in "the browser" (`fake.openid.sign_in_as(user)`; `team_id=` another workspace's
ID plays a member of a foreign workspace). The authorize page then behaves like that person
clicking Allow: straight back to `redirect_uri` with `code` and `state`. Like Slack it checks the
client, the redirect URL, the scopes and `response_type`; a code works once, with the same client
and redirect URL; the access token it buys answers userInfo."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from .errors import SlackError

if TYPE_CHECKING:  # the state holds the provider
    from .context import Ctx
    from .state import SlackState

SCOPES = frozenset({"openid", "profile", "email"})
USER_ID, TEAM_ID = "https://slack.com/user_id", "https://slack.com/team_id"


@dataclass(frozen=True)
class OpenIdApp:
    client_id: str
    client_secret: str
    redirect_url: str  # a redirect_uri must start with it, as with the app's configured URLs


@dataclass(frozen=True)
class BrowserUser:
    user_id: str
    team_id: str | None  # None: the fake's own workspace
    name: str | None


@dataclass
class Grant:
    claims: dict[str, Any]
    client_id: str
    redirect_uri: str
    used: bool = False


class AuthorizeRefused(Exception):
    """What Slack's authorize page would show instead of sending the browser back."""


class OpenIdProvider:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.apps: dict[str, OpenIdApp] = {}
        self.browser: BrowserUser | None = None
        self.codes: dict[str, Grant] = {}
        self.access_tokens: dict[str, dict[str, Any]] = {}

    def register(self, client_id: str, client_secret: str, redirect_url: str) -> None:
        with self.lock:
            self.apps[client_id] = OpenIdApp(client_id, client_secret, redirect_url)

    def sign_in_as(self, user_id: str | None, team_id: str | None = None, name: str | None = None) -> None:
        """Who the browser is signed in to Slack as; None: nobody (the page would ask to sign in)."""
        with self.lock:
            self.browser = None if user_id is None else BrowserUser(user_id, team_id, name)

    def authorize(self, query: dict[str, str], state: SlackState) -> str | None:
        """The URL the browser is sent back to, or None when nobody is signed in to Slack."""
        with self.lock:
            app = self._checked_app(query)
            if self.browser is None:
                return None
            code = secrets.token_urlsafe(16)
            self.codes[code] = Grant(_claims(self.browser, state, app, query), app.client_id, query["redirect_uri"])
        back = {"code": code, **({"state": query["state"]} if query.get("state") else {})}
        return f"{query['redirect_uri']}{'&' if '?' in query['redirect_uri'] else '?'}{urlencode(back)}"

    def _checked_app(self, query: dict[str, str]) -> OpenIdApp:
        app = self.apps.get(query.get("client_id", ""))
        if app is None:
            raise AuthorizeRefused("invalid_client_id")
        if not query.get("redirect_uri", "").startswith(app.redirect_url):
            raise AuthorizeRefused("bad_redirect_uri")
        scopes = set(query.get("scope", "").split())
        if "openid" not in scopes or not scopes <= SCOPES:
            raise AuthorizeRefused("invalid_scope")
        if query.get("response_type") != "code":
            raise AuthorizeRefused("unsupported_response_type")
        return app

    def token(self, ctx: Ctx) -> dict[str, Any]:
        with self.lock:
            grant = self._grant(ctx)
            grant.used = True
            access_token = f"xoxp-openid-{secrets.token_hex(8)}"
            self.access_tokens[access_token] = grant.claims
        return {"access_token": access_token, "token_type": "Bearer", "id_token": _jwt(grant.claims)}

    def _grant(self, ctx: Ctx) -> Grant:
        params = ctx.params
        app = self.apps.get(params.text("client_id") or "")
        if app is None:
            raise SlackError("invalid_client_id")
        if params.text("client_secret") != app.client_secret:
            raise SlackError("bad_client_secret")
        if params.text("grant_type", "authorization_code") != "authorization_code":
            raise SlackError("invalid_grant_type")
        grant = self.codes.get(params.text("code") or "")
        if grant is None or grant.used or grant.client_id != app.client_id:
            raise SlackError("invalid_code")
        if params.text("redirect_uri") != grant.redirect_uri:
            raise SlackError("bad_redirect_uri")
        return grant

    def user_info(self, ctx: Ctx) -> dict[str, Any]:
        if not ctx.token:
            raise SlackError("not_authed")
        with self.lock:
            claims = self.access_tokens.get(ctx.token)
        if claims is None:
            raise SlackError("invalid_auth")
        return {key: value for key, value in claims.items() if key not in ("aud", "nonce", "iss", "iat", "exp")}


def _claims(browser: BrowserUser, state: SlackState, app: OpenIdApp, query: dict[str, str]) -> dict[str, Any]:
    """What Slack says about the person: their workspace's view of them, the nonce, the audience."""
    member = state.users.get(browser.user_id) if browser.team_id is None else None
    name = browser.name or (member.real_name if member else browser.user_id)
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": "https://slack.com",
        "sub": browser.user_id,
        "aud": app.client_id,
        "iat": now,
        "exp": now + 3600,
        USER_ID: browser.user_id,
        TEAM_ID: browser.team_id or state.config.team_id,
        "name": name,
        "email": (member.email if member else None) or f"{browser.user_id.lower()}@example.com",
        "email_verified": True,
    }
    return claims | ({"nonce": query["nonce"]} if query.get("nonce") else {})


def _jwt(claims: dict[str, Any]) -> str:
    """An ID token in JWT form (the signature is not real: the bot reads it from the token call)."""
    parts = [{"alg": "RS256", "typ": "JWT", "kid": "fakeslack"}, claims]
    encoded = [base64.urlsafe_b64encode(json.dumps(p).encode()).rstrip(b"=").decode() for p in parts]
    return ".".join([*encoded, "ZmFrZS1zaWduYXR1cmU"])


def authorize_page(error: str | None) -> bytes:
    """Slack's page when it does not send the browser back: an error, or a sign-in form."""
    text = f"Slack could not sign you in: {error}" if error else "Sign in to your Slack workspace to continue."
    return f"<!doctype html><title>Slack</title><h1>Slack</h1><p id='message'>{text}</p>".encode()


def _token(ctx: Ctx) -> dict[str, Any]:
    return ctx.state.openid.token(ctx)


def _user_info(ctx: Ctx) -> dict[str, Any]:
    return ctx.state.openid.user_info(ctx)


#: These methods check their own credentials: the app's client ID and secret, a user's token.
METHODS = {"openid.connect.token": _token, "openid.connect.userInfo": _user_info}
