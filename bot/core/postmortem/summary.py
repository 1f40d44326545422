"""Facts for the summary block: the severity it was declared at, every change to it, and each
resolve a reopen undid. (Services and budgets come from bot/core/budget.py, detection from
detection.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.views import EventView
from bot.store.models import Incident


@dataclass(frozen=True)
class SeverityChange:
    at: datetime
    actor: str | None
    before: str  # "SEV3"
    after: str


@dataclass(frozen=True)
class Resolve:
    """One resolve or reopen, in order: a reopened incident shows each of them."""

    at: datetime
    actor: str | None
    kind: str  # "resolved" | "reopened"


def initial_severity(events: list[EventView], current: str) -> str:
    """The level it was declared at (the declare event says), as a label."""
    declared = next((e for e in events if e.kind == "declared"), None)
    return (declared.data.get("severity", current) if declared else current).upper()


def severity_changes(events: list[EventView]) -> list[SeverityChange]:
    changes = (e for e in events if e.kind == "severity")
    return [SeverityChange(e.at, e.actor, e.data["from"].upper(), e.text.upper()) for e in changes]


def reopenings(events: list[EventView], row: Incident) -> list[Resolve]:
    """Each resolve that a reopen undid, and each reopen, in order: empty unless it was reopened.
    The last resolve, if it stands, is the incident's `resolved_at` and is not repeated here."""
    found = [Resolve(e.at, e.actor, e.kind) for e in events if e.kind in ("resolved", "reopened")]
    if row.resolved_at is not None and found and found[-1].kind == "resolved":
        found.pop()
    return found
