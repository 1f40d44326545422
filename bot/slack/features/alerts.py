"""Alerts in Slack: the **Declare incident** button on an alert prompt (opens the declare modal
pre-filled), and the watcher that reads alert messages integrations post in `watch_channels`."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond

from bot.alerts import messages
from bot.core import alert_intake, alert_views, dedupe
from bot.slack import ids
from bot.slack.command import Reply, ack_only, answer, guarded
from bot.slack.features.declare import open_declare_modal
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    def declare_alert(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        answer(respond, guarded(lambda: _open_modal(services, body, int(action["value"]))))

    def watch(body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("channel") not in services.alerts.watch_channels:
            return
        if not messages.is_alert_post(event, services.gateway.bot_user_id):
            return
        if not services.desk.run(dedupe.first_time, f"event:{body.get('event_id')}"):
            return
        link = services.gateway.client.chat_getPermalink(channel=event["channel"], message_ts=event["ts"])
        batch = messages.parse(event, services.alerts, link.get("permalink"))
        if batch is not None:
            services.desk.run(alert_intake.ingest, batch)

    app.action(ids.DECLARE_ALERT)(ack=ack_only, lazy=[declare_alert])
    app.event("message")(ack=ack_only, lazy=[watch])


def _open_modal(services: Services, body: dict[str, Any], group_id: int) -> Reply:
    group = services.desk.read(alert_views.group, group_id)
    if group.incident is not None and group.incident.is_open:
        where = f"<#{group.incident.channel_id}>" if group.incident.channel_id else "its channel"
        return f"{group.incident.ref} is already declared for this alert: {where}."
    meta = {
        "alert_group": group_id,
        "response_url": body.get("response_url"),
        "permalink": group.links.get(messages.SOURCE_LINK),
    }
    return open_declare_modal(services, body["trigger_id"], body["user"]["id"], meta, group.title)
