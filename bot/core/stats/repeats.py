"""Repeats: incidents that share a service or an alert group with another incident declared within
90 days of them. A review asks "is this the same thing again?", so a repeat is the whole chain,
including an earlier incident from before the period that the period's incident repeats.

The database sorts (key, declared) pairs; one pass over plain rows cuts them into chains, and only
the private incidents among each chain's latest few are then read further."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Select, func, select
from sqlmodel import Session

from bot.core.stats.queries import counted, epoch_seconds
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
        SERVICE: _chains(session, _services(session, since), start.timestamp()),
        ALERT_GROUP: _chains(session, _alert_groups(session, since), start.timestamp()),
    }
    labels = _alert_titles(session, {key for key, _, _ in chains[ALERT_GROUP]})
    seen_private = {s.incident_id for kind in chains.values() for _, _, seen in kind for s in seen if s.private}
    private = _private(session, seen_private)
    made = [
        Repeat(kind, labels.get(key, key), size, tuple(private.get(s.incident_id) or s.named() for s in seen))
        for kind, of_kind in chains.items()
        for key, size, seen in of_kind
    ]
    return sorted(made, key=lambda r: (-r.size, r.kind != SERVICE, r.label))


class _Seen(NamedTuple):
    """One row of a key's incidents: plain numbers (the declare as seconds since the epoch), so ten
    thousand rows leave the database with no datetime conversion."""

    key: str
    at: float
    incident_id: int
    number: int
    private: bool

    def named(self) -> Named:
        """As a public incident is named. (A private one gets its channel and people from `_private`;
        without them it would be shown to nobody, never to everybody.)"""
        return Named(self.number, self.private, None, None, frozenset())


Chain = tuple[str, int, list[_Seen]]  # key, size, its latest incidents (oldest first)


def _keyed(session: Session, key: Any, since: datetime) -> Select[Any]:
    at = epoch_seconds(session, Incident.declared_at)
    columns = (key.label("key"), at.label("at"), Incident.id, Incident.number, Incident.private)
    return select(*columns).where(counted(since))


def _services(session: Session, since: datetime) -> Select[Any]:
    return _keyed(session, IncidentService.name, since).join(Incident, IncidentService.incident_id == Incident.id)


def _alert_groups(session: Session, since: datetime) -> Select[Any]:
    joined = _keyed(session, AlertGroup.key, since).join(Incident, AlertGroup.incident_id == Incident.id)
    return joined.distinct()  # one incident may gather several groups of one key


def _chains(session: Session, keyed: Select[Any], start: float) -> list[Chain]:
    """Each chain of two incidents or more whose latest was declared in the period. One pass over
    plain rows in (key, time) order: a chain ends where the key changes or the gap passes 90 days."""
    found: list[Chain] = []
    chain: list[_Seen] = []
    rows = session.connection().execute(keyed.order_by("key", "at", Incident.id)).all()
    for seen in map(_Seen._make, rows):
        if chain and (seen.key != chain[-1].key or seen.at - chain[-1].at > WITHIN.total_seconds()):
            _keep(found, chain, start)
            chain = []
        chain.append(seen)
    _keep(found, chain, start)
    return found


def _keep(found: list[Chain], chain: list[_Seen], start: float) -> None:
    if len(chain) > 1 and chain[-1].at >= start:
        found.append((chain[-1].key, len(chain), chain[-LATEST:]))


def _alert_titles(session: Session, keys: set[str]) -> dict[str, str]:
    if not keys:
        return {}
    query = select(AlertGroup.key, func.max(AlertGroup.title)).where(AlertGroup.key.in_(keys)).group_by(AlertGroup.key)
    return {key: title for key, title in session.execute(query)}


def _private(session: Session, ids: set[int]) -> dict[int, Named]:
    """The private incidents to name, with what deciding who may see them needs:
    their channel, their declarer and who holds a role in them now (they may see the name even
    when the channel cannot be checked, the same rule as `/incident list`)."""
    if not ids:
        return {}
    columns = (Incident.id, Incident.number, Incident.channel_id, Incident.declared_by)
    rows = list(session.execute(select(*columns).where(Incident.id.in_(ids))))
    people: dict[int, set[str]] = defaultdict(set)
    if rows:
        query = select(RoleAssignment.incident_id, RoleAssignment.user_id).where(
            RoleAssignment.incident_id.in_([row.id for row in rows]), RoleAssignment.relieved_at.is_(None)
        )
        for incident_id, user_id in session.execute(query):
            people[incident_id].add(user_id)
    return {row.id: Named(row.number, True, row.channel_id, row.declared_by, frozenset(people[row.id])) for row in rows}
