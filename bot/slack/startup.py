"""Start-up checks against Slack: the token works and the announce channel is usable. A definite
answer (a refused token, a missing channel) becomes a StartupError that tells the operator what to
fix; Slack being down (5xx, 429, timeouts, no route) becomes SlackUnavailable, which start-up
outlives: an incident bot is needed most when things are failing, Slack included."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from slack_sdk.errors import SlackApiError

from bot.settings import Settings, SettingsError, StartupError
from bot.slack.gateway import SlackGateway

log = logging.getLogger(__name__)


class SlackUnavailable(Exception):
    """Slack did not answer this time (5xx, 429, timeout, unreachable): worth trying again later."""


# auth.test errors that mean the token itself is wrong (not Slack being down).
REFUSED = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"})
TOKEN_SOURCES = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (OAuth & Permissions)",
    "SLACK_APP_TOKEN": "the app-level token (Basic Information → App-Level Tokens)",
}


def connect(gateway: SlackGateway, settings: Settings) -> str | None:
    """Check the token; return the announce channel's ID (None when not configured)."""
    with explained(gateway, settings, "SLACK_BOT_TOKEN"):
        identity = gateway.identify()
        log.info("connected to %s as %s", identity.get("team"), identity.get("user"))
        if not settings.announce_channel:
            return None
        return resolve_announce_channel(gateway, settings.announce_channel)


@contextmanager
def explained(gateway: SlackGateway, settings: Settings, token: str) -> Iterator[None]:
    """Slack failures at start-up as one line that says what happened (`token` names the setting a
    refusal is about); slack_sdk's and Bolt's own ERROR lines are held back meanwhile, so that line
    is the first thing the operator reads."""
    muted = [gateway.client.logger, logging.getLogger("slack_bolt.App")]
    were = [logger.disabled for logger in muted]
    for logger in muted:
        logger.disabled = True
    try:
        yield
    except SlackApiError as error:
        line = _answered(error, settings.slack_api_url, token)
        raise (SlackUnavailable(line) if _passing(error) else StartupError(line)) from error
    except OSError as error:
        reason = getattr(error, "reason", None) or error
        raise SlackUnavailable(
            f"Slack is unreachable at {settings.slack_api_url} ({reason}); check SLACK_API_URL and the network"
        ) from error
    finally:
        for logger, was in zip(muted, were, strict=True):
            logger.disabled = was


def _passing(error: SlackApiError) -> bool:
    """A 5xx or a 429 after the client's own retries: Slack (or a proxy) is failing, not saying no."""
    status = error.response.status_code
    return status >= 500 or status == 429


def _answered(error: SlackApiError, api_url: str, token: str) -> str:
    response = error.response
    method = str(response.api_url).rstrip("/").rsplit("/", 1)[-1]
    status = response.status_code
    content_type = {k.lower(): v for k, v in (response.headers or {}).items()}.get("content-type", "")
    code = response.get("error") if "json" in str(content_type) else None
    if status == 429:
        return f"{api_url} answered {method} with HTTP 429: Slack is rate-limiting us"
    if status >= 500:
        detail = f" ({code})" if code else ""
        return f"{api_url} answered {method} with HTTP {status}{detail}: Slack or a proxy is failing"
    if code is None:
        return (
            f"{api_url} answered {method} with HTTP {status} and a non-JSON page ({content_type or 'no type'}): "
            "that is not Slack's Web API (a proxy or login page?); check SLACK_API_URL and the proxy"
        )
    if code in REFUSED:
        return f"{token} was refused by Slack ({code}): copy {TOKEN_SOURCES[token]} again"
    if code == "missing_scope":
        return f"the app lacks the {response.get('needed')} scope for {method}: reinstall it from manifest.yml"
    return f"Slack refused {method} ({code})"


def resolve_announce_channel(gateway: SlackGateway, configured: str) -> str:
    """Accept an ID or `#name`; join it when public; refuse clearly when the bot can't post there."""
    client = gateway.client
    wanted = configured.lstrip("#")
    found = None
    if configured.startswith("#") or wanted[:1] not in ("C", "G"):
        for page in client.conversations_list(types="public_channel,private_channel", limit=200):
            found = next((c for c in page["channels"] if c["name"] == wanted), None)
            if found:
                break
    else:
        try:
            found = client.conversations_info(channel=wanted)["channel"]
        except SlackApiError as error:
            data = error.response.data
            if not isinstance(data, dict) or data.get("error") != "channel_not_found":
                raise  # a 5xx is Slack failing, not the channel missing; explained() says which
            found = None
    if found is None:
        raise SettingsError(
            f"INCIDENT_ANNOUNCE_CHANNEL {configured!r} was not found (a private channel must "
            "invite the bot first: /invite @incident-bot)"
        )
    if not found.get("is_member"):
        if found.get("is_private"):
            raise SettingsError(f"INCIDENT_ANNOUNCE_CHANNEL {configured!r} is private: invite the bot to it")
        client.conversations_join(channel=found["id"])
    return found["id"]
