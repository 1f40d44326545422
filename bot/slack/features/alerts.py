"""Alerts in Slack: the **Declare incident** button on an alert prompt (opens the declare modal
pre-filled), the **Reopen** button on "still firing after resolve", and the watcher that reads alert
messages integrations post in `watch_channels`."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App

from bot.alerts import messages
from bot.core.alerts import views as alert_views
from bot.core.alerts import watched
from bot.core.alerts.views import GroupView
from bot.core.errors import InvalidInput
from bot.slack import ids
from bot.slack.blocks.modals import DeclareForm
from bot.slack.command import Invocation
from bot.slack.features import lifecycle
from bot.slack.features.declare import open_declare_modal
from bot.slack.interactions import clicked_incident
from bot.slack.permits import permit
from bot.slack.replies import Reply, acked
from bot.slack.services import Services

REOPEN = next(s for s in lifecycle.SUBCOMMANDS if s.name == "reopen")  # one path, one permission check


def register(app: App, services: Services) -> None:
    def declare_alert(body: dict[str, Any]) -> Reply:
        permit(services, "declare", body["user"]["id"])  # the form's submission checks again
        return _open_modal(services, body, clicked_group(services, body))

    def reopen_firing(body: dict[str, Any]) -> Reply:
        """The button on "still firing after resolve — reopen?": `/incident reopen`, checks and all."""
        number = clicked_incident(services, body)
        user, channel = body["user"]["id"], body["channel"]["id"]
        return REOPEN.run(Invocation(services, user, channel, body["trigger_id"], body.get("response_url"), number), "")

    app.action(ids.DECLARE_ALERT)(acked(services, declare_alert))
    app.action(ids.REOPEN_FIRING)(acked(services, reopen_firing))


def watch(services: Services, body: dict[str, Any]) -> Reply:
    """An alert message an integration posted in a watch channel (bot/slack/features/channel_messages.py
    passes every message) becomes alerts, as the webhooks' do."""
    event = body["event"]
    if event.get("channel") not in services.alerts.watch_channels:
        return None
    if not messages.is_alert_post(event, services.gateway.bot_user_id):
        return None
    if messages.parse(event, services.alerts, None) is None:
        return None
    services.desk.run(watched.keep, f"event:{body.get('event_id')}", event)
    return None  # its permalink, then the prompt or the incident, follow through the outbox


def clicked_group(services: Services, body: dict[str, Any]) -> GroupView:
    """The alert group a Declare button names. Like an incident button's value, it is only a claim:
    it must name the group whose prompt the button is on."""
    value = str(body["actions"][0].get("value") or "")
    if not re.fullmatch(r"[0-9]{1,9}", value):
        raise InvalidInput("This button does not name an alert; nothing was opened.")
    group = services.desk.read(alert_views.group, int(value))
    clicked_on = (body.get("container") or {}).get("message_ts") or (body.get("message") or {}).get("ts")
    if group.prompt_ts != clicked_on:
        raise InvalidInput("That button is not on this alert's prompt; nothing was opened.")
    return group


def _open_modal(services: Services, body: dict[str, Any], group: GroupView) -> Reply:
    if group.incident is not None and group.incident.is_open:
        where = f"<#{group.incident.channel_id}>" if group.incident.channel_id else "its channel"
        return f"{group.incident.ref} is already declared for this alert: {where}."
    meta = {
        "alert_group": group.id,
        "response_url": body.get("response_url"),
        "permalink": group.links.get(messages.SOURCE_LINK),
    }
    return open_declare_modal(services, body["trigger_id"], body["user"]["id"], meta, DeclareForm(title=group.title))
