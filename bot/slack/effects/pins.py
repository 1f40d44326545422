"""A message pinned with 📌: read it from Slack and put it on the timeline. Done here, not in the
event listener, so a transient Slack error is retried instead of losing the pin."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core import timeline
from bot.core.timeline import PinnedMessage
from bot.jobs.outbox_worker import Delivery
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors
from bot.slack.parsing import plain_text


class Pins:
    def __init__(self, context: EffectContext) -> None:
        self.c = context
        self.s = context.s

    def record_pin(self, item: Delivery) -> None:
        _, channel_id = self.c.channel(item)
        message = self._fetch(channel_id, item.payload["ts"])
        self.s.desk.run(timeline.add_pin, channel_id, item.payload["user"], message)

    def _fetch(self, channel_id: str, ts: str) -> PinnedMessage:
        client = self.c.client
        with slack_errors():
            history = client.conversations_history(channel=channel_id, latest=ts, inclusive=True, limit=1)
            permalink = client.chat_getPermalink(channel=channel_id, message_ts=ts)["permalink"]
        message = next((m for m in history["messages"] if m.get("ts") == ts), {"ts": ts})
        return PinnedMessage(
            ts=ts,
            author=message.get("user"),
            text=plain_text(message.get("text") or "(no text)"),
            posted_at=datetime.fromtimestamp(float(ts), UTC),
            permalink=permalink,
        )
