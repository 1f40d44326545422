"""What listeners and outbox handlers share, built once per process and passed in explicitly."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

from bot.core.desk import Desk
from bot.core.policy import AlertsPolicy
from bot.core.postmortem import Postmortems
from bot.core.views import IncidentView
from bot.jobs.inbox import Inbox
from bot.jobs.outbox_worker import Retry
from bot.settings import Settings
from bot.slack.emails import EmailDirectory
from bot.slack.gateway import SlackGateway
from bot.slack.groups import GroupMembers
from bot.slack.messages import Messages


@dataclass
class Services:
    settings: Settings
    desk: Desk
    gateway: SlackGateway
    postmortems: Postmortems
    messages: Messages
    inbox: Inbox  # requests acknowledged and not yet done
    listeners: Executor  # where the work after each ack runs (bot/slack/replies.py, acked)
    handoff: Callable[[dict[str, Any]], None] | None = None  # or: the worker process takes it (bot/processes.py)
    announce_id: str | None = None  # INCIDENT_ANNOUNCE_CHANNEL resolved to an ID once Slack was reached
    group_members: GroupMembers = field(default_factory=GroupMembers)  # for `subteam:` permissions
    emails: EmailDirectory = field(default_factory=EmailDirectory)  # e-mails in policies and feeds

    @property
    def announce_channel(self) -> str | None:
        """The announce channel's ID, or None when none is configured. While Slack has not been
        reached to resolve it, an announcement waits (Retry) rather than being skipped."""
        if self.settings.announce_channel and self.announce_id is None:
            raise Retry(
                "the announce channel is not known yet: Slack has not been reached since start-up",
                code="slack_not_reached",
            )
        return self.announce_id

    def announce_target(self, incident: IncidentView) -> str | None:
        """Where an incident's announcements go: nowhere for a private one; a drill's to the policy's
        drills channel (nowhere without one), never to the announce channel."""
        if incident.private:
            return None
        return self.desk.policy.drills.channel if incident.drill else self.announce_channel

    @property
    def alerts(self) -> AlertsPolicy:
        return self.desk.policy.alerts
