"""Outbox handlers for alerts: the prompt (posted once, then updated as its group changes), the
digest that batches alerts joining an incident into one message a minute, and the question asked
when every alert of an incident is resolved."""

from __future__ import annotations

from bot.core.alerts import digest as alert_digest
from bot.core.alerts import prompts as alert_prompts
from bot.core.alerts import views as alert_views
from bot.core.alerts.prompts import Turn
from bot.core.alerts.views import GroupView
from bot.core.links import web_url
from bot.jobs.outbox_worker import Delivery
from bot.slack.blocks import alerts
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors
from bot.slack.mrkdwn import escape


class AlertEffects:
    def __init__(self, context: EffectContext) -> None:
        self.c = context
        self.s = context.s
        self.client = context.client

    def prompt(self, item: Delivery) -> None:
        group_id = item.payload["group"]
        if not self._target(self.s.desk.read(alert_views.group, group_id)):
            return  # nowhere to ask; the alerts are recorded
        turn = self.s.desk.run(alert_prompts.claim, group_id, item.id)
        group = self.s.desk.read(alert_views.group, group_id)
        if turn == Turn.UPDATE:
            self._update_prompt(group)
        elif turn == Turn.POST:
            try:
                self.s.desk.run(alert_prompts.posted, group_id, self._post_prompt(group, item))
            except Exception:
                self.s.desk.run(alert_prompts.release, group_id, item.id)
                raise

    def _target(self, group: GroupView) -> str | None:
        return group.prompt_channel or self.s.alerts.prompt_channel or self.s.announce_channel

    def _post_prompt(self, group: GroupView, item: Delivery) -> str:
        target, blocks, text = self._target(group), alerts.prompt(group), f"Alert: {escape(group.title)}"
        assert target
        if not group.prompt_thread:  # a retry after a lost answer finds the earlier post instead of asking twice
            return self.c.post_once(target, blocks, item, f"alert-prompt-{group.id}", text)
        with slack_errors():
            reply = self.client.chat_postMessage(
                channel=target, thread_ts=group.prompt_thread, blocks=blocks, text=text
            )
        return reply["ts"]

    def _update_prompt(self, group: GroupView) -> None:
        with slack_errors():
            self.client.chat_update(
                channel=self._target(group),
                ts=group.prompt_ts,
                blocks=alerts.prompt(group),
                text=f"Alert: {escape(group.title)}",
            )

    def digest(self, item: Delivery) -> None:
        found = self.s.desk.run(alert_digest.claim, item.payload["group"])
        if found is None:
            return
        assert found.incident.channel_id
        self.client.drilling(found.incident.drill)  # queued for the group, not the incident
        key = f"alerts-{found.group_id}-{found.events[-1].id}"
        try:
            self.c.post_once(found.incident.channel_id, alerts.digest(found), item, key, alerts.digest_text(found))
        except Exception:
            self.s.desk.run(alert_digest.release, found)
            raise

    def resolved(self, item: Delivery) -> None:
        incident, channel_id = self.c.channel(item)
        if incident.is_open:
            key = f"alerts-resolved-{item.id}"
            self.c.post_once(channel_id, alerts.all_resolved(incident), item, key, "All alerts resolved")

    def bookmarks(self, item: Delivery) -> None:
        """Runbook, dashboard and alert message as bookmarks in the channel's header, each once.
        Only real http(s) links: a bookmark is a link like any other."""
        _, channel_id = self.c.channel(item)
        with slack_errors():
            present = {b["link"] for b in self.client.bookmarks_list(channel_id=channel_id)["bookmarks"]}
        for title, link in item.payload["links"].items():
            if web_url(link) and link not in present:
                with slack_errors():
                    self.client.bookmarks_add(channel_id=channel_id, title=title, type="link", link=link)
