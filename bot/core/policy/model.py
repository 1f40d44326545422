"""The policy as typed, frozen data: what the TOML file says, with defaults filled in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from types import MappingProxyType

from bot.core.policy.patterns import LabelPattern
from bot.core.policy.runbooks import RunbooksPolicy
from bot.core.severity import DEFAULT_LEVELS, DEFAULT_SEVERITY, SeverityLevel


@dataclass(frozen=True)
class EscalationLevel:
    """Who is notified at this level, and how long they have to acknowledge before the next one."""

    notify: tuple[str, ...]
    after: timedelta


@dataclass(frozen=True)
class OncallSchedule:
    name: str
    timezone: str
    handoff_day: int | None  # Monday = 0; None for daily rotations
    handoff_time: time
    rotation: str  # "weekly" | "daily"
    users: tuple[str, ...]


@dataclass(frozen=True)
class QuietHours:
    timezone: str
    start: time
    end: time


@dataclass(frozen=True)
class Nudges:
    no_commander_after: timedelta = timedelta(minutes=5)
    commander_silent_after: timedelta = timedelta(minutes=10)
    stuck_investigating_after: timedelta = timedelta(minutes=30)


@dataclass(frozen=True)
class PostmortemPolicy:
    remind_every: timedelta = timedelta(days=1)


@dataclass(frozen=True)
class Permissions:
    """Each value is "anyone", "roles" (incident role holders) or "subteam:<ID>"."""

    declare: str = "anyone"
    change_severity: str = "anyone"
    assign_roles: str = "anyone"
    resolve: str = "anyone"
    reopen: str = "anyone"
    close: str = "anyone"


@dataclass(frozen=True)
class Slo:
    target: float
    window: timedelta


@dataclass(frozen=True)
class StatusPage:
    components: tuple[str, ...] = ()


@dataclass(frozen=True)
class AlertRoute:
    match: Mapping[str, str]  # label equality
    match_re: Mapping[str, LabelPattern]  # RE2, anchored at both ends as Alertmanager does
    action: str  # "declare" | "prompt" | "ignore"
    severity: str | None  # "sev1".."sev4" for declare (None → policy default_severity)


@dataclass(frozen=True)
class AlertsPolicy:
    default_action: str = "prompt"
    prompt_channel: str | None = None
    watch_channels: tuple[str, ...] = ()
    auto_resolve: bool = False
    routes: tuple[AlertRoute, ...] = ()


@dataclass(frozen=True)
class Policy:
    default_severity: str = DEFAULT_SEVERITY
    severities: Mapping[str, SeverityLevel] = field(default_factory=lambda: MappingProxyType(dict(DEFAULT_LEVELS)))
    escalation: tuple[EscalationLevel, ...] = ()
    oncall: Mapping[str, OncallSchedule] = field(default_factory=lambda: MappingProxyType({}))
    quiet_hours: QuietHours | None = None
    nudges: Nudges = Nudges()
    postmortem: PostmortemPolicy = PostmortemPolicy()
    permissions: Permissions = Permissions()
    slo: Mapping[str, Slo] = field(default_factory=lambda: MappingProxyType({}))
    status: StatusPage = StatusPage()
    alerts: AlertsPolicy = AlertsPolicy()
    runbooks: RunbooksPolicy = field(default_factory=RunbooksPolicy)
    source: str | None = None  # the file it came from; None for the built-in defaults

    def level(self, key: str) -> SeverityLevel:
        return self.severities[key]

    @property
    def pages(self) -> bool:
        """Whether anyone can be paged: with no escalation levels the card says "no escalation policy"."""
        return bool(self.escalation)


DEFAULT_POLICY = Policy()
