"""The services an incident affects: named in the declare form, with `/incident service`, or by an
alert's `service` label (rules for names: bot/core/service_names.py). A service needs no SLO."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.errors import InvalidInput
from bot.core.service_names import MAX_SERVICES, USAGE, names_of, normalised, parse_names
from bot.core.tx import Tx
from bot.core.views import Outcome
from bot.store.models import Incident, IncidentService, TimelineEvent


def add(tx: Tx, number: int, raw: str, actor: str) -> Outcome:
    """`/incident service <name>…`: the names not yet listed join the incident."""
    names = parse_names(raw)
    if not names:
        raise InvalidInput(f"Name at least one service: `/incident {USAGE}`.")
    row = tx.incident(number)
    event = attach(tx, row, names, actor)
    notice = None if event else "already listed"
    return tx.outcome(row, event, notice)


def attach(
    tx: Tx, row: Incident, names: Iterable[str], actor: str | None, source: str = "slack"
) -> TimelineEvent | None:
    """Add the names the incident does not have yet and record one event for them; None when all
    were there already. Names must be normalised."""
    present = names_of(tx.session, row.id)
    new = [n for n in dict.fromkeys(names) if n not in present]
    if not new:
        return None
    if len(present) + len(new) > MAX_SERVICES:
        raise InvalidInput(f"An incident names at most {MAX_SERVICES} services; it has {len(present)}.")
    for name in new:
        tx.session.add(IncidentService(incident_id=row.id, name=name, added_at=tx.now, added_by=actor))
    return tx.record(row, "service_added", actor, ", ".join(new), source=source, data={"services": new})


def from_labels(tx: Tx, row: Incident, labels: Iterable[dict[str, str]], source: str) -> None:
    """An alert's `service` label names a service of its incident. A label that is not a valid
    name is left out rather than refusing the alert (its labels stay on the alert)."""
    found = [n for n in (normalised(pairs.get("service", "")) for pairs in labels) if n]
    if found:
        present = names_of(tx.session, row.id)
        room = max(0, MAX_SERVICES - len(present))
        attach(tx, row, [n for n in dict.fromkeys(found) if n not in present][:room], None, source)
