"""Outbox handlers for alerts: the prompt (posted once, then updated as its group changes), the
digest that batches alerts joining an incident into one message a minute, and the question asked
when every alert of an incident is resolved. Registered beside `Effects.handlers()` by the runtime."""

from __future__ import annotations

from bot.core import alert_views
from bot.jobs.outbox_worker import Delivery, Handler
from bot.slack.blocks import alerts
from bot.slack.effects import Effects, slack_errors
from bot.slack.parsing import escape

CHANNEL_WAIT = 1.0  # seconds between looks for a new incident's channel


class AlertEffects:
    def __init__(self, effects: Effects) -> None:
        self.effects = effects
        self.s = effects.s
        self.client = effects.client

    def handlers(self) -> dict[str, Handler]:
        return {
            "alert_prompt": self.prompt,
            "alert_digest": self.digest,
            "alerts_resolved": self.resolved,
            "bookmark_links": self.bookmarks,
        }

    def prompt(self, item: Delivery) -> None:
        group = self.s.desk.read(alert_views.group, item.payload["group"])
        target = group.prompt_channel or self.s.alerts.prompt_channel or self.s.announce_channel
        if target is None:
            return  # nowhere to ask; the alerts are recorded
        blocks, text = alerts.prompt(group), f"Alert: {escape(group.title)}"
        if group.prompt_ts:
            with slack_errors():
                self.client.chat_update(channel=target, ts=group.prompt_ts, blocks=blocks, text=text)
            return
        if group.prompt_thread:
            with slack_errors():
                ts = self.client.chat_postMessage(
                    channel=target, thread_ts=group.prompt_thread, blocks=blocks, text=text
                )["ts"]
        else:  # a retry after a lost answer finds the earlier post instead of asking twice
            ts = self.effects._post_once(target, blocks, item, f"alert-prompt-{group.id}", text)
        self.s.desk.run(alert_views.prompted, group.id, ts)

    def digest(self, item: Delivery) -> None:
        found = self.s.desk.read(alert_views.digest, item.payload["group"])
        if found is None:
            return
        if found.not_before and found.not_before > self.s.desk.clock.now():
            self.s.desk.run(alert_views.later, found.group_id)
            return
        if not found.incident.channel_id:  # set-up is queued (Slack allows ~20 channels a minute)
            self.s.desk.run(alert_views.later, found.group_id, CHANNEL_WAIT)
            return
        key = f"alerts-{found.group_id}-{found.events[-1].id}"
        text = f"{found.incident.ref}: {len(found.events)} alert update(s)"
        self.effects._post_once(found.incident.channel_id, alerts.digest(found), item, key, text)
        self.s.desk.run(alert_views.digested, found.group_id, found.events[-1].id)

    def resolved(self, item: Delivery) -> None:
        incident, channel_id = self.effects._channel(item)
        if incident.is_open:
            key = f"alerts-resolved-{item.id}"
            self.effects._post_once(channel_id, alerts.all_resolved(incident), item, key, "All alerts resolved")

    def bookmarks(self, item: Delivery) -> None:
        """Runbook, dashboard and alert message as bookmarks in the channel's header, each once."""
        _, channel_id = self.effects._channel(item)
        with slack_errors():
            present = {b["link"] for b in self.client.bookmarks_list(channel_id=channel_id)["bookmarks"]}
        for title, link in item.payload["links"].items():
            if link not in present:
                with slack_errors():
                    self.client.bookmarks_add(channel_id=channel_id, title=title, type="link", link=link)
