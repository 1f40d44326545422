"""Reading the public status from the incident tables in three queries, whatever the number of
incidents: the public updates of the incidents shown, those incidents, and their services."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlmodel import Session

from bot.core.service_names import names_by_incident, normalised
from bot.core.status import OPEN, Status
from bot.core.statuspage.page import BY_SEVERITY, Component, PublicIncident, PublicUpdate, State, StatusPage
from bot.core.timeline import PUBLIC
from bot.core.tx import Tx
from bot.store.models import Incident, TimelineEvent

HISTORY = timedelta(days=90)
_MARK = json.dumps({PUBLIC: True})[1:-1]  # as Tx.record writes it, so the database can narrow the search
_KEYS = uuid.UUID("8d7c1f3e-5b0a-4e59-9d51-2f63a0c4b7e1")  # the namespace of the page's opaque keys
_WORDS = {Status.IDENTIFIED: "identified", Status.MONITORING: "monitoring", Status.RESOLVED: "resolved"}
_WORDS[Status.CLOSED] = "resolved"  # every other status (declared, acknowledged) reads "investigating"

Updates = dict[int, list[PublicUpdate]]


def read(tx: Tx) -> StatusPage:
    """The page as of the transaction's time."""
    updates = _public_updates(tx.session, tx.now - HISTORY)
    rows = tx.session.scalars(select(Incident).where(Incident.id.in_(list(updates)))).all()
    components = _component_keys(tx.policy.status.components)
    incidents = _incidents(tx, rows, updates, components)
    shown = [i for i in incidents if i.resolved_at is None]
    history = sorted((i for i in incidents if i.resolved_at), key=lambda i: i.resolved_at or tx.now, reverse=True)
    states = tuple(Component(name, _worst(shown, name)) for name in components.values())
    return StatusPage(tx.now, states, tuple(sorted(shown, key=lambda i: i.started_at, reverse=True)), tuple(history))


def _public_updates(session: Session, cutoff: datetime) -> Updates:
    """The public updates of the incidents the page shows (open, or resolved since `cutoff`), newest first."""
    e, i = TimelineEvent, Incident
    shown = or_(i.status.in_([s.value for s in OPEN]), i.resolved_at >= cutoff)
    public = and_(i.private.is_(False), i.drill.is_(False), i.status != Status.CANCELLED)
    query = (
        select(e.incident_id, e.id, e.at, e.text, e.data, i.number, i.declared_at)
        .join(i, i.id == e.incident_id)
        .where(e.kind == "update", e.data.contains(_MARK), public, shown)
        .order_by(e.at.desc(), e.id.desc())
    )
    found: Updates = {}
    for incident_id, event_id, at, text, data, number, declared_at in session.execute(query):
        if json.loads(data).get(PUBLIC) is True:
            key = f"{_key(number, declared_at)}/update/{event_id}"
            found.setdefault(incident_id, []).append(PublicUpdate(_opaque(key), at, text))
    return found


def _incidents(tx: Tx, rows: Sequence[Incident], updates: Updates, components: dict[str, str]) -> list[PublicIncident]:
    services = names_by_incident(tx.session, [row.id for row in rows if row.id is not None])
    return [_public(tx, row, updates[row.id or 0], services.get(row.id or 0, []), components) for row in rows]


def _public(
    tx: Tx, row: Incident, updates: list[PublicUpdate], services: list[str], components: dict[str, str]
) -> PublicIncident:
    level = tx.policy.severities.get(row.severity)
    return PublicIncident(
        key=_key(row.number, row.declared_at),
        title=row.title,
        severity=level.label if level else row.severity.upper(),
        state=BY_SEVERITY.get(row.severity, State.DEGRADED),
        status=_WORDS.get(Status(row.status), "investigating"),
        components=tuple(name for key, name in components.items() if key in services),
        started_at=row.declared_at,
        resolved_at=row.resolved_at if Status(row.status) not in OPEN else None,
        updates=tuple(updates),
    )


def _component_keys(names: Sequence[str]) -> dict[str, str]:
    """Service name → component name. A component is the service of its name, spaces as `-`
    ("Payments API" is `payments-api`); one that is no service name matches no incident."""
    return {normalised(re.sub(r"\s+", "-", name.strip())) or f" {name}": name for name in names}


def _worst(incidents: Sequence[PublicIncident], component: str) -> State:
    states = (i.state for i in incidents if component in i.components)
    return max(states, key=lambda s: s.rank, default=State.OPERATIONAL)


def _key(number: int, declared_at: datetime) -> str:
    """Opaque and stable: the incident number would tell readers how many incidents there were."""
    return _opaque(f"{number}/{declared_at.isoformat()}")


def _opaque(name: str) -> str:
    return str(uuid.uuid5(_KEYS, name))
