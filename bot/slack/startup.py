"""Start-up checks against Slack: the token works and the announce channel is usable. Each
failure becomes a SettingsError that tells the operator what to fix."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.settings import Settings, SettingsError
from bot.slack.gateway import SlackGateway

log = logging.getLogger(__name__)


def connect(gateway: SlackGateway, settings: Settings) -> str | None:
    """Check the token; return the announce channel's ID (None when not configured)."""
    try:
        identity = gateway.identify()
    except SlackApiError as error:
        raise SettingsError(f"SLACK_BOT_TOKEN was refused by Slack ({error.response.get('error')})") from error
    except OSError as error:
        raise SettingsError(
            f"Slack is unreachable at {settings.slack_api_url} ({error}); check SLACK_API_URL and the network"
        ) from error
    log.info("connected to %s as %s", identity.get("team"), identity.get("user"))
    if not settings.announce_channel:
        return None
    return resolve_announce_channel(gateway, settings.announce_channel)


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
        except SlackApiError:
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
