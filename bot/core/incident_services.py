"""The services an incident affects: named in the declare form, with `/incident service`, or by an
alert's `service` label. A name is the key of the policy's `[slo.<service>]` and of repeats in
stats, so it is normalised one way everywhere; a service needs no SLO to be named."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import Session

from bot.core.errors import InvalidInput
from bot.core.text import clean
from bot.core.views import Outcome
from bot.store.models import Incident, IncidentService, TimelineEvent

if TYPE_CHECKING:  # the Tx shows every view its incident's services, so it imports this module
    from bot.core.tx import Tx

MAX_NAME = 80
MAX_SERVICES = 20  # per incident: more is a platform-wide outage, better said in the impact
_NAME = re.compile(rf"[a-z0-9._-]{{1,{MAX_NAME}}}")
_SEPARATORS = re.compile(r"[\s,]+")
USAGE = "service <name>…, e.g. `/incident service checkout payments-api`"


def normalised(raw: str) -> str | None:
    """The name in its one spelling (trimmed, lowercase), or None when it is not a service name."""
    name = clean(raw).lower()
    return name if _NAME.fullmatch(name) else None


def parse_names(raw: str) -> list[str]:
    """Names separated by spaces or commas, each normalised, each once, in the order given."""
    names: list[str] = []
    for word in (w for w in _SEPARATORS.split(clean(raw)) if w):
        name = normalised(word)
        if name is None:
            raise InvalidInput(
                f"`{word[: MAX_NAME + 1]}` is not a service name: use 1–{MAX_NAME} lowercase letters, digits, "
                "`.`, `_` or `-` (for example `checkout` or `payments-api`)."
            )
        if name not in names:
            names.append(name)
    if len(names) > MAX_SERVICES:
        raise InvalidInput(f"Name at most {MAX_SERVICES} services, not {len(names)}.")
    return names


def names_of(session: Session, incident_id: int | None) -> list[str]:
    """The incident's services, in the order they were added."""
    query = select(IncidentService.name).where(IncidentService.incident_id == incident_id).order_by(IncidentService.id)
    return list(session.scalars(query))


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
