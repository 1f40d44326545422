"""Read-only snapshots the core hands to adapters, so nothing outside a transaction touches ORM rows."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.policy import DEFAULT_POLICY, Policy
from bot.core.runbooks.progress import Progress
from bot.core.severity import SeverityLevel
from bot.core.status import OPEN, Status
from bot.store.models import Incident, RoleAssignment, TimelineEvent


@dataclass(frozen=True)
class RoleHolder:
    role: str
    user_id: str
    area: str | None
    assigned_at: datetime
    assigned_by: str | None
    relieved_at: datetime | None = None
    relieved_by: str | None = None

    @classmethod
    def of(cls, row: RoleAssignment) -> RoleHolder:
        return cls(row.role, row.user_id, row.area, row.assigned_at, row.assigned_by, row.relieved_at, row.relieved_by)


@dataclass(frozen=True)
class EventView:
    id: int
    at: datetime
    kind: str
    actor: str | None
    source: str
    text: str
    data: dict[str, Any]

    @classmethod
    def of(cls, row: TimelineEvent) -> EventView:
        assert row.id is not None
        return cls.read(row.id, row.at, row.kind, row.actor, row.source, row.text, row.data)

    @classmethod
    def read(cls, id: int, at: datetime, kind: str, actor: str | None, source: str, text: str, data: str) -> EventView:
        """From the columns of a row (`data` as stored, JSON)."""
        return cls(id, at, kind, actor, source, text, json.loads(data) if data != "{}" else {})


@dataclass(frozen=True)
class IncidentView:
    id: int
    number: int
    title: str
    severity: str
    status: Status
    private: bool
    summary: str | None
    impact: str | None
    resolution: str | None
    declared_by: str | None
    declared_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    identified_at: datetime | None
    mitigated_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    cancelled_at: datetime | None
    last_update_at: datetime | None
    source_permalink: str | None
    channel_id: str | None
    channel_name: str | None
    card_ts: str | None
    roles: tuple[RoleHolder, ...] = field(default=())
    policy: Policy = field(default=DEFAULT_POLICY, compare=False, repr=False)
    links: dict[str, str] = field(default_factory=dict)  # name → URL: an alert's runbook, dashboard
    impact_started_at: datetime | None = None  # an alert's startsAt: the impact began before the declare
    services: tuple[str, ...] = ()  # the services it affects, in the order they were named
    impact_fraction: float | None = None  # share of users or requests hurt; None: all of them
    checklists: tuple[Progress, ...] = ()  # each attached runbook's ticked steps, for the card

    @classmethod
    def of(
        cls, row: Incident, roles: list[RoleAssignment], policy: Policy = DEFAULT_POLICY, services: list[str] = ()
    ) -> IncidentView:
        assert row.id is not None
        return cls(
            row.id,
            row.number,
            row.title,
            row.severity,
            Status(row.status),
            row.private,
            row.summary,
            row.impact,
            row.resolution,
            row.declared_by,
            row.declared_at,
            row.acknowledged_at,
            row.acknowledged_by,
            row.identified_at,
            row.mitigated_at,
            row.resolved_at,
            row.closed_at,
            row.cancelled_at,
            row.last_update_at,
            row.source_permalink,
            row.channel_id,
            row.channel_name,
            row.card_ts,
            tuple(RoleHolder.of(r) for r in roles),
            policy,
            json.loads(row.links or "{}"),
            row.impact_started_at,
            tuple(services),
            row.impact_fraction,
        )

    @property
    def ref(self) -> str:
        return f"INC-{self.number}"

    @property
    def level(self) -> SeverityLevel:
        return self.policy.level(self.severity)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def holder(self, role: str) -> RoleHolder | None:
        return next((r for r in self.roles if r.role == role), None)

    def holders(self, role: str) -> list[RoleHolder]:
        return [r for r in self.roles if r.role == role]

    @property
    def commander(self) -> str | None:
        holder = self.holder("commander")
        return holder.user_id if holder else None

    @property
    def people(self) -> set[str]:
        return {r.user_id for r in self.roles}


@dataclass(frozen=True)
class Outcome:
    """What a core operation did: the incident afterwards, and the event it recorded (if any)."""

    incident: IncidentView
    event: EventView | None = None
    notice: str | None = None
