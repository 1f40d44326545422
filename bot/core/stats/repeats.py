"""Repeats: incidents that share a service or an alert group with another incident declared within
90 days of them. A review asks "is this the same thing again?", so a repeat names every incident of
the chain, including an earlier one from before the period that the period's incident repeats."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlmodel import Session

from bot.core.status import Status
from bot.store.models import AlertGroup, Incident, IncidentService, RoleAssignment

WITHIN = timedelta(days=90)
SERVICE, ALERT_GROUP = "service", "alert group"


@dataclass(frozen=True)
class Named:
    """An incident a repeat names, with what deciding who may see its name needs."""

    number: int
    private: bool
    channel_id: str | None
    declared_by: str | None
    people: frozenset[str]  # who holds a role in it now

    @property
    def ref(self) -> str:
        return f"INC-{self.number}"


@dataclass(frozen=True)
class Repeat:
    kind: str  # SERVICE or ALERT_GROUP
    label: str  # the service's name, or the alert group's title
    incidents: tuple[Named, ...]  # oldest first


@dataclass(frozen=True)
class _Seen:
    at: datetime
    incident_id: int


def repeats(session: Session, start: datetime) -> list[Repeat]:
    since = start - WITHIN
    chains = [
        *_chains(SERVICE, _rows(_services(), since), start, session),
        *_chains(ALERT_GROUP, _rows(_alert_groups(), since), start, session),
    ]
    found = _named(session, {i for _, _, chain in chains for i in chain})
    made = [Repeat(kind, label, tuple(found[i] for i in chain)) for kind, label, chain in chains]
    return sorted(made, key=lambda r: (-len(r.incidents), r.kind != SERVICE, r.label))


def _services() -> Select[Any]:
    return select(IncidentService.name, IncidentService.name, Incident.declared_at, Incident.id).join(
        Incident, IncidentService.incident_id == Incident.id
    )


def _alert_groups() -> Select[Any]:
    return select(AlertGroup.key, AlertGroup.title, Incident.declared_at, Incident.id).join(
        Incident, AlertGroup.incident_id == Incident.id
    )


def _rows(query: Select[Any], since: datetime) -> Select[Any]:
    return query.where(Incident.declared_at >= since, Incident.status != Status.CANCELLED.value)


def _chains(kind: str, query: Select[Any], start: datetime, session: Session) -> Iterable[tuple[str, str, list[int]]]:
    """Per key, runs of incidents each declared within 90 days of the one before; a run is a repeat
    when it has two incidents or more and one of them was declared in the period."""
    seen: dict[str, dict[int, _Seen]] = defaultdict(dict)
    labels: dict[str, str] = {}
    for key, label, at, incident_id in session.execute(query):
        seen[key][incident_id] = _Seen(at, incident_id)
        labels[key] = label
    for key, incidents in seen.items():
        for run in _runs(sorted(incidents.values(), key=lambda s: (s.at, s.incident_id))):
            if len(run) > 1 and run[-1].at >= start:
                yield kind, labels[key], [s.incident_id for s in run]


def _runs(ordered: Sequence[_Seen]) -> list[list[_Seen]]:
    runs: list[list[_Seen]] = []
    for seen in ordered:
        if runs and seen.at - runs[-1][-1].at <= WITHIN:
            runs[-1].append(seen)
        else:
            runs.append([seen])
    return runs


def _named(session: Session, ids: set[int]) -> dict[int, Named]:
    if not ids:
        return {}
    columns = (Incident.id, Incident.number, Incident.private, Incident.channel_id, Incident.declared_by)
    rows = list(session.execute(select(*columns).where(Incident.id.in_(ids))))
    people = _people(session, [row.id for row in rows if row.private])
    return {
        row.id: Named(row.number, row.private, row.channel_id, row.declared_by, frozenset(people[row.id]))
        for row in rows
    }


def _people(session: Session, private_ids: list[int]) -> dict[int, set[str]]:
    """Who holds a role now in each private incident: they may see its name even when the channel
    cannot be checked (the same rule as `/incident list`)."""
    people: dict[int, set[str]] = defaultdict(set)
    if private_ids:
        query = select(RoleAssignment.incident_id, RoleAssignment.user_id).where(
            RoleAssignment.incident_id.in_(private_ids), RoleAssignment.relieved_at.is_(None)
        )
        for incident_id, user_id in session.execute(query):
            people[incident_id].add(user_id)
    return people
