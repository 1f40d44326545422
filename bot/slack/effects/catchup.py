"""The catch-up for someone who joined an incident's channel (queued by `catchup.welcome`). It is
rendered when delivered, so it is as current as the channel. An ephemeral message cannot be looked
up afterwards: a crash between Slack's answer and the item's mark repeats it (seen only by that
person) rather than risk never sending it."""

from __future__ import annotations

from bot.core import catchup
from bot.jobs.outbox_worker import Delivery
from bot.slack.blocks import catchup as blocks
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors


class CatchUps:
    def __init__(self, context: EffectContext) -> None:
        self.c = context

    def catch_up(self, item: Delivery) -> None:
        incident, channel_id = self.c.channel(item)
        summary = self.c.s.desk.read(catchup.summary, incident.number)
        with slack_errors("user_not_in_channel"):  # they left again before it went out: nobody to tell
            self.c.client.chat_postEphemeral(
                channel=channel_id,
                user=item.payload["user"],
                blocks=blocks.catch_up(summary),
                text=blocks.text(summary),
            )
