"""Outbox handler for the "still firing after resolve — reopen?" line (see bot/core/alerts/repeats.py)."""

from __future__ import annotations

from bot.core.status import Status
from bot.jobs.outbox_worker import Delivery
from bot.slack.blocks import still_firing
from bot.slack.effects.context import EffectContext


class StillFiring:
    def __init__(self, context: EffectContext) -> None:
        self.c = context

    def ask(self, item: Delivery) -> None:
        """Asked only while the incident is still resolved: reopened or closed since, the question is moot."""
        incident, channel_id = self.c.channel(item)
        if incident.status == Status.RESOLVED:
            blocks = still_firing.still_firing(incident, item.payload["alerts"], item.payload.get("more", 0))
            self.c.post_once(channel_id, blocks, item, f"still-firing-{item.id}", still_firing.fallback(incident))
