"""A message pinned with 📌: read it from Slack and put it on the timeline. Done here, not in the
event listener, so a transient Slack error is retried instead of losing the pin. A change to a pin
that was still being read waits here for it, and an unpin asks Slack whether another 📌 is left."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.core import pins, timeline
from bot.core.pins import REACTIONS, UNPINNED, PinChange
from bot.core.timeline import PinnedMessage
from bot.jobs.outbox_worker import Delivery, Retry
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors
from bot.slack.parsing import plain_text

WAIT_FOR_PIN = 0.5  # seconds between looks at a 📌 still being read


class Pins:
    def __init__(self, context: EffectContext) -> None:
        self.c = context
        self.s = context.s

    def record_pin(self, item: Delivery) -> None:
        _, channel_id = self.c.channel(item)
        message = self._fetch(channel_id, item.payload["ts"])
        self.s.desk.run(timeline.add_pin, channel_id, item.payload["user"], message)

    def follow_pin(self, item: Delivery) -> None:
        """Apply an edit, delete or unpin once the pin is on the timeline. The 📌 that was taken off
        may not have been the last: the message's reactions in Slack say whether one is left."""
        incident, channel_id = self.c.channel(item)
        change = PinChange.of(item.payload)
        if self.s.desk.read(pins.being_read, incident.id, change.ts):
            raise Retry("the pin is still being read", WAIT_FOR_PIN, counts=False, unsent=True)
        if change.what == UNPINNED and _still_pinned(self._message(channel_id, change.ts)):
            return
        if not self.s.desk.run(pins.settle, incident.id, change, item.id):
            raise Retry("the pin is still being read", WAIT_FOR_PIN, counts=False, unsent=True)

    def _message(self, channel_id: str, ts: str) -> dict[str, Any]:
        """Message `ts` as Slack has it now ({"ts": ts} when it is gone)."""
        with slack_errors():
            history = self.c.client.conversations_history(channel=channel_id, latest=ts, inclusive=True, limit=1)
        return next((m for m in history["messages"] if m.get("ts") == ts), {"ts": ts})

    def _fetch(self, channel_id: str, ts: str) -> PinnedMessage:
        message = self._message(channel_id, ts)
        with slack_errors():
            permalink = self.c.client.chat_getPermalink(channel=channel_id, message_ts=ts)["permalink"]
        return PinnedMessage(
            ts=ts,
            author=message.get("user"),
            text=plain_text(message.get("text") or "(no text)"),
            posted_at=datetime.fromtimestamp(float(ts), UTC),
            permalink=permalink,
        )


def _still_pinned(message: dict[str, Any]) -> bool:
    return any(r.get("name") in REACTIONS and r.get("count", 0) > 0 for r in message.get("reactions") or [])
