"""Incident statuses and which moves between them are allowed."""

from __future__ import annotations

from enum import StrEnum

from bot.core.errors import IllegalTransition, InvalidInput


class Status(StrEnum):
    DECLARED = "declared"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"


OPEN = frozenset({Status.DECLARED, Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.IDENTIFIED, Status.MONITORING})
SETTABLE = (Status.INVESTIGATING, Status.IDENTIFIED, Status.MONITORING, Status.RESOLVED)
EMOJI = {
    Status.DECLARED: "🚨",
    Status.ACKNOWLEDGED: "👀",
    Status.INVESTIGATING: "🔍",
    Status.IDENTIFIED: "🎯",
    Status.MONITORING: "📈",
    Status.RESOLVED: "✅",
    Status.CLOSED: "📕",
    Status.CANCELLED: "🚫",
}


def parse_status(raw: str) -> Status:
    """Statuses a person may set with `/incident status`."""
    key = raw.strip().lower()
    for status in SETTABLE:
        if status.value == key:
            return status
    choices = "|".join(s.value for s in SETTABLE)
    raise InvalidInput(f"`{raw}` is not a status you can set. Use `/incident status {choices}`.")


def require_open(status: Status, doing: str) -> None:
    if status not in OPEN:
        reopen = "Reopen it first with `/incident reopen`."
        raise IllegalTransition(f"The incident is {status.value}, so you can't {doing}. {reopen}")
