"""Outbox handlers for checklists: post an attached runbook in the channel once, and bring the
message up to date in place after ticks (coalesced: one update renders every tick since)."""

from __future__ import annotations

from bot.core.runbooks import views
from bot.jobs.outbox_worker import Delivery, Handler, Retry
from bot.slack.blocks import runbooks as blocks
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors


class RunbookEffects:
    def __init__(self, context: EffectContext) -> None:
        self.c = context
        self.s = context.s

    def handlers(self) -> dict[str, Handler]:
        return {"post_runbook": self.post, "refresh_runbook": self.refresh}

    def post(self, item: Delivery) -> None:
        _, channel_id = self.c.channel(item)
        shown = self.s.desk.read(views.checklist, item.payload["runbook"])
        if shown.message_ts:
            return
        key, text = blocks.message_key(shown.id), blocks.checklist_text(shown)
        ts = self.c.post_once(channel_id, blocks.checklist(shown), item, key, text)
        self.s.desk.run(views.store_message, shown.id, ts)

    def refresh(self, item: Delivery) -> None:
        _, channel_id = self.c.channel(item)
        shown = self.s.desk.read(views.checklist, item.payload["runbook"])
        if not shown.message_ts:
            raise Retry(f"the checklist of INC-{shown.number} is not posted yet", unsent=True)
        with slack_errors():
            self.c.client.chat_update(
                channel=channel_id,
                ts=shown.message_ts,
                blocks=blocks.checklist(shown),
                text=blocks.checklist_text(shown),
            )
