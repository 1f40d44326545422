"""The update nudge's Snooze menu (15 / 30 / 60 minutes)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond

from bot.core import reminders
from bot.slack import ids
from bot.slack.command import ack_only, answer, guarded
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    def snooze(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        number, minutes = (int(part) for part in action["selected_option"]["value"].split(":"))
        answer(respond, guarded(lambda: services.desk.run(reminders.snooze, number, minutes, body["user"]["id"])))

    app.action(ids.SNOOZE)(ack=ack_only, lazy=[snooze])
