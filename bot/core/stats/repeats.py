"""Repeats: incidents that share a service or an alert group with another incident declared within
90 days of them. A review asks "is this the same thing again?", so a repeat is the whole chain,
including an earlier incident from before the period that the period's incident repeats.

The chains are found in SQL with window functions (the gap to the previous incident of the same
key, a running count of gaps over 90 days numbering the chains), so only each chain's size and its
latest few incidents leave the database, however many incidents there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlmodel import Session

from bot.core.stats.queries import epoch_seconds
from bot.core.status import Status
from bot.store.models import AlertGroup, Incident, IncidentService, RoleAssignment

WITHIN = timedelta(days=90)
LATEST = 8  # incidents named per repeat: the latest ones
SERVICE, ALERT_GROUP = "service", "alert group"


@dataclass(frozen=True)
class Named:
    """An incident a repeat names, with what deciding who may see its name needs."""

    number: int
    private: bool
    channel_id: str | None
    declared_by: str | None
    people: frozenset[str]  # who holds a role in it now (asked for private incidents only)

    @property
    def ref(self) -> str:
        return f"INC-{self.number}"


@dataclass(frozen=True)
class Repeat:
    kind: str  # SERVICE or ALERT_GROUP
    label: str  # the service's name, or the alert group's title
    size: int  # incidents in the chain
    incidents: tuple[Named, ...]  # its latest LATEST, oldest first


def repeats(session: Session, start: datetime) -> list[Repeat]:
    since = start - WITHIN
    chains = {
        SERVICE: _chains(session, _services(session, since), start),
        ALERT_GROUP: _chains(session, _alert_groups(session, since), start),
    }
    labels = _alert_titles(session, {key for key, _ in chains[ALERT_GROUP]})
    found = _named(session, {i for kind in chains.values() for chain in kind.values() for i in chain[1]})
    made = [
        Repeat(kind, labels.get(key, key), size, tuple(found[i] for i in ids))
        for kind, of_kind in chains.items()
        for (key, _), (size, ids) in of_kind.items()
    ]
    return sorted(made, key=lambda r: (-r.size, r.kind != SERVICE, r.label))


def _keyed(session: Session, key: Any, since: datetime) -> Select[Any]:
    declared = epoch_seconds(session, Incident.declared_at)
    columns = (key.label("key"), Incident.id.label("incident_id"), declared.label("t"))
    return select(*columns).where(Incident.declared_at >= since, Incident.status != Status.CANCELLED.value)


def _services(session: Session, since: datetime) -> Select[Any]:
    return _keyed(session, IncidentService.name, since).join(Incident, IncidentService.incident_id == Incident.id)


def _alert_groups(session: Session, since: datetime) -> Select[Any]:
    joined = _keyed(session, AlertGroup.key, since).join(Incident, AlertGroup.incident_id == Incident.id)
    return joined.distinct()  # one incident may gather several groups of one key


def _chains(session: Session, keyed: Select[Any], start: datetime) -> dict[tuple[str, int], tuple[int, list[int]]]:
    """(key, chain number) → (its size, the ids of its latest incidents, oldest first), for chains
    of two incidents or more whose latest was declared in the period."""
    k = keyed.cte("keyed")
    gap = k.c.t - func.lag(k.c.t).over(partition_by=k.c.key, order_by=(k.c.t, k.c.incident_id))
    gaps = select(k.c.key, k.c.incident_id, k.c.t, gap.label("gap")).cte("gaps")
    breaks = case((or_(gaps.c.gap.is_(None), gaps.c.gap > WITHIN.total_seconds()), 1), else_=0)
    chain = func.sum(breaks).over(partition_by=gaps.c.key, order_by=(gaps.c.t, gaps.c.incident_id), rows=(None, 0))
    runs = select(gaps.c.key, gaps.c.incident_id, gaps.c.t, chain.label("chain")).cte("runs")
    within = (runs.c.key, runs.c.chain)
    newest = (runs.c.t.desc(), runs.c.incident_id.desc())
    sized = select(
        *runs.c,
        func.count().over(partition_by=within).label("size"),
        func.max(runs.c.t).over(partition_by=within).label("last"),
        func.row_number().over(partition_by=within, order_by=newest).label("recent"),
    ).cte("sized")
    query = (
        select(sized.c.key, sized.c.chain, sized.c.size, sized.c.incident_id)
        .where(sized.c.size > 1, sized.c.last >= start.timestamp(), sized.c.recent <= LATEST)
        .order_by(sized.c.key, sized.c.chain, sized.c.t, sized.c.incident_id)
    )
    found: dict[tuple[str, int], tuple[int, list[int]]] = {}
    for key, number, size, incident_id in session.execute(query):
        found.setdefault((key, int(number)), (size, []))[1].append(incident_id)
    return found


def _alert_titles(session: Session, keys: set[str]) -> dict[str, str]:
    if not keys:
        return {}
    query = select(AlertGroup.key, func.max(AlertGroup.title)).where(AlertGroup.key.in_(keys)).group_by(AlertGroup.key)
    return {key: title for key, title in session.execute(query)}


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
