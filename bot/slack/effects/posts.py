"""Messages about an incident: its announcement, one line per timeline event in the channel,
announced events, and the ✅ on a pinned message. Each is posted at most once."""

from __future__ import annotations

from datetime import timedelta

from bot.core import channel, timeline
from bot.jobs.outbox_worker import Delivery
from bot.slack.blocks.kit import section
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors
from bot.slack.messages import notification
from bot.slack.mrkdwn import escape


class Posts:
    def __init__(self, context: EffectContext) -> None:
        self.c = context
        self.s = context.s

    def announce_declared(self, item: Delivery) -> None:
        incident = self.c.incident(item)
        target = self.s.announce_target(incident)
        if not target or self.s.desk.read(channel.stored, incident.id, "announce_ts"):
            return
        ts = self.c.post_once(
            target,
            self.s.messages.declared(incident),
            item,
            f"declared-{incident.number}",
            f"{incident.ref} declared: {escape(incident.title)}",
        )
        self.s.desk.run(channel.remember, incident.id, announce_ts=ts)

    def post_event(self, item: Delivery) -> None:
        incident, channel_id = self.c.channel(item)
        event = self.s.desk.read(timeline.event, item.payload["event_id"])
        self.c.post_once(
            channel_id,
            self.s.messages.event(incident, event, announce=False),
            item,
            f"event-{event.id}",
            notification(incident, event, announce=False),
        )

    def announce_event(self, item: Delivery) -> None:
        incident = self.c.incident(item)
        if not (target := self.s.announce_target(incident)):
            return
        event = self.s.desk.read(timeline.event, item.payload["event_id"])
        self.c.post_once(
            target,
            self.s.messages.event(incident, event, announce=True),
            item,
            f"announce-{event.id}",
            notification(incident, event, announce=True),
        )

    def note_delay(self, item: Delivery) -> None:
        """The line after a backlog an outage held back (queued behind it, so it comes last)."""
        _, channel_id = self.c.channel(item)
        text = self.s.messages.delayed(timedelta(seconds=item.payload["seconds"]))
        self.c.post_once(channel_id, [section(text)], item, f"delayed-{item.id}", text)

    def react_event(self, item: Delivery) -> None:
        _, channel_id = self.c.channel(item)
        event = self.s.desk.read(timeline.event, item.payload["event_id"])
        with slack_errors("already_reacted"):
            self.c.client.reactions_add(channel=channel_id, timestamp=event.data["ts"], name="white_check_mark")
