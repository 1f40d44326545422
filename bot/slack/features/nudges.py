"""The update nudge's Snooze menu (15 / 30 / 60 minutes)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.core import reminders
from bot.core.errors import InvalidInput
from bot.slack import ids
from bot.slack.blocks.nudges import SNOOZE_MINUTES
from bot.slack.interactions import clicked_incident, request_key, write_once
from bot.slack.replies import Reply, acked
from bot.slack.services import Services


def _choice(body: dict[str, Any]) -> tuple[str, int]:
    """The menu option's `<incident>:<minutes>`; like a button's value, only a claim until checked."""
    number, _, minutes = str((body["actions"][0].get("selected_option") or {}).get("value") or "").partition(":")
    if minutes not in {str(m) for m in SNOOZE_MINUTES}:
        raise InvalidInput(f"Snooze for {', '.join(map(str, SNOOZE_MINUTES))} minutes; nothing was changed.")
    return number, int(minutes)


def register(app: App, services: Services) -> None:
    def snooze(body: dict[str, Any]) -> Reply:
        claimed, minutes = _choice(body)
        number = clicked_incident(services, body, claimed)
        return write_once(services, request_key(body), reminders.snooze, number, minutes, body["user"]["id"])

    app.action(ids.SNOOZE)(acked(services, snooze))
