"""What listeners and outbox handlers share, built once per process and passed in explicitly."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.desk import Desk
from bot.core.policy import AlertsPolicy
from bot.core.postmortem import Postmortems
from bot.settings import Settings
from bot.slack.gateway import SlackGateway
from bot.slack.messages import Messages


@dataclass
class Services:
    settings: Settings
    desk: Desk
    gateway: SlackGateway
    postmortems: Postmortems
    messages: Messages
    announce_channel: str | None = None  # resolved to an ID at start-up

    @property
    def alerts(self) -> AlertsPolicy:
        return self.desk.policy.alerts
