"""Outbox handler for a watched alert message: read its permalink (retried like any Slack call),
then take its alerts in. Running again after a crash changes nothing: the same message is the
same alert (see bot/core/alerts/watched.py)."""

from __future__ import annotations

from typing import Any

from bot.alerts import messages
from bot.core.alerts import intake as alert_intake
from bot.jobs.outbox_worker import Delivery, GiveUp
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors


class WatchedMessages:
    def __init__(self, context: EffectContext) -> None:
        self.s = context.s
        self.client = context.client

    def ingest(self, item: Delivery) -> None:
        event = item.payload["event"]
        batch = messages.parse(event, self.s.alerts, self._permalink(event))
        if batch is not None:
            self.s.desk.run(alert_intake.ingest, batch)

    def _permalink(self, event: dict[str, Any]) -> str | None:
        """The message's link; None once Slack says it never will (the message was deleted): the
        alert counts without it."""
        try:
            with slack_errors():
                return self.client.chat_getPermalink(channel=event["channel"], message_ts=event["ts"]).get("permalink")
        except GiveUp:
            return None
