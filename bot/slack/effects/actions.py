"""Outbox handlers for action items: the DM to an item's owner when it falls due, and the weekly
digest of overdue items in the announce channel. Each posts once (`post_once` marks it)."""

from __future__ import annotations

from datetime import date

from bot.core.actions import items
from bot.jobs.outbox_worker import Delivery, Handler
from bot.slack.blocks import actions as blocks
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors
from bot.slack.interactions import can_see


class ActionEffects:
    def __init__(self, context: EffectContext) -> None:
        self.c = context
        self.s = context.s

    def handlers(self) -> dict[str, Handler]:
        return {"action_due": self.due, "action_digest": self.digest}

    def due(self, item: Delivery) -> None:
        """`action_due`: DM the person. About a private incident, only someone in its channel is
        told what the item says and where it is from."""
        found = self.s.desk.read(items.listed, [item.payload["item"]])
        if not found:
            return  # done (or gone) since it was queued
        incident, user = self.c.incident(item), item.payload["user"]
        named = can_see(self.s.gateway, incident, user)
        with slack_errors():
            dm = self.c.client.conversations_open(users=user)["channel"]["id"]
        shown = blocks.due_dm(found[0], incident, user, named, self._today())
        self.c.post_once(dm, shown, item, f"action-due-{found[0].id}", f"Action item {found[0].ref} is due")

    def digest(self, item: Delivery) -> None:
        """`action_digest`: none configured, no digest; nothing still overdue, nothing posted."""
        target = self.s.announce_channel
        overdue = self.s.desk.read(items.listed, item.payload["items"]) if target else []
        if not target or not overdue:
            return
        total = item.payload["total"] - (len(item.payload["items"]) - len(overdue))
        shown = blocks.digest(overdue, total, date.fromisoformat(item.payload["on"]))
        self.c.post_once(target, shown, item, f"action-digest-{item.payload['on']}", f"{total} overdue action items")

    def _today(self) -> date:
        return self.s.desk.clock.now().date()
