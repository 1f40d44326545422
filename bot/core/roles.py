"""Incident Command System roles: one holder each for the command roles, any number of SMEs."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from sqlalchemy import select
from sqlmodel import Session

from bot.core.errors import InvalidInput
from bot.store.models import RoleAssignment

SPAN_OF_CONTROL = 7


class Role(StrEnum):
    COMMANDER = "commander"
    DEPUTY = "deputy"
    SCRIBE = "scribe"
    COMMS = "comms"
    SME = "sme"


SINGLE_HOLDER = frozenset({Role.COMMANDER, Role.DEPUTY, Role.SCRIBE, Role.COMMS})

DUTIES = {
    Role.COMMANDER: "coordinates the response, decides and delegates — and does not debug",
    Role.DEPUTY: "backs up the commander, tracks loose ends and takes over command if needed",
    Role.SCRIBE: "keeps the timeline: decisions, findings and actions as they happen (`/incident note`)",
    Role.COMMS: "posts status updates to stakeholders on the severity's cadence (`/incident update`)",
    Role.SME: "diagnoses and fixes in their area and reports findings to the commander",
}

TITLES = {
    Role.COMMANDER: "Incident commander",
    Role.DEPUTY: "Deputy commander",
    Role.SCRIBE: "Scribe",
    Role.COMMS: "Communications lead",
    Role.SME: "Subject-matter expert",
}


def parse_role(raw: str) -> Role:
    key = raw.strip().lower()
    aliases = {"ic": Role.COMMANDER, "lead": Role.COMMANDER, "communications": Role.COMMS, "expert": Role.SME}
    if key in aliases:
        return aliases[key]
    try:
        return Role(key)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InvalidInput(f"`{raw}` is not a role. Roles: {choices}.") from None


def active(session: Session, incident_id: int) -> list[RoleAssignment]:
    return active_of(session, [incident_id]).get(incident_id, [])


def active_of(session: Session, incident_ids: Sequence[int]) -> dict[int, list[RoleAssignment]]:
    """The current holders of several incidents in one query, each incident's in assignment order."""
    query = (
        select(RoleAssignment)
        .where(RoleAssignment.incident_id.in_(incident_ids), RoleAssignment.relieved_at.is_(None))
        .order_by(RoleAssignment.id)
    )
    found: dict[int, list[RoleAssignment]] = {}
    for holder in session.scalars(query):
        found.setdefault(holder.incident_id, []).append(holder)
    return found


def history(session: Session, incident_id: int) -> list[RoleAssignment]:
    query = select(RoleAssignment).where(RoleAssignment.incident_id == incident_id)
    return list(session.scalars(query.order_by(RoleAssignment.id)))


def commander(session: Session, incident_id: int) -> str | None:
    return next((a.user_id for a in active(session, incident_id) if a.role == Role.COMMANDER), None)
