"""Service names: the key of the policy's `[slo.<service>]` and of repeats in stats, so one
spelling everywhere; and which services an incident names. Apart from the operations
(bot/core/incident_services.py) because every view of an incident lists them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import Session

from bot.core.errors import InvalidInput
from bot.core.text import clean
from bot.store.models import IncidentService

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
    return names_by_incident(session, [incident_id]).get(incident_id, []) if incident_id is not None else []


def names_by_incident(session: Session, incident_ids: Sequence[int]) -> dict[int, list[str]]:
    """The services of several incidents in one query, each incident's in the order they were added."""
    query = select(IncidentService.incident_id, IncidentService.name)
    found: dict[int, list[str]] = {}
    named = query.where(IncidentService.incident_id.in_(incident_ids)).order_by(IncidentService.id)
    for incident_id, name in session.execute(named):
        found.setdefault(incident_id, []).append(name)
    return found
