"""Acknowledgement escalation: level 1 is paged when a paging incident is declared (or raised to a
paging severity); each level's `after` without an acknowledgement pages the next; after the last,
the channel and the announce channel are told. Slack resolves the names in the outbox handler."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.core import schedule
from bot.core.drills import paging as drill_paging
from bot.core.errors import IllegalTransition, InvalidInput
from bot.core.feeds.duty import targets
from bot.core.schedule import EXHAUSTED, PAGE
from bot.core.status import Status, require_open
from bot.core.views import Outcome
from bot.store.models import Incident, TimelineEvent

if TYPE_CHECKING:
    from bot.core.tx import Tx


def start(tx: Tx, row: Incident) -> None:
    """Arm the first page not yet sent, due now: the ticker sends it after the channel set-up."""
    if not tx.policy.level(row.severity).page or not tx.policy.escalation:
        return
    if schedule.pending(tx.session, row, PAGE) or schedule.pending(tx.session, row, EXHAUSTED):
        return
    level = last_level(tx, row) + 1
    if level <= len(tx.policy.escalation):
        schedule.arm(tx.session, row, PAGE, tx.now, level=level)


def page_level(tx: Tx, row: Incident, level: int, actor: str | None = None) -> TimelineEvent:
    """Page everyone at `level` (1-based) and arm the next step unless someone has acknowledged."""
    step = tx.policy.escalation[level - 1]
    people, broken = targets(tx, step.notify)
    people, withheld = drill_paging.screen(tx, row, people)
    event = page(tx, row, people, actor, level, withheld)
    for duty in broken:
        fallback = list(duty.schedule.feed.fallback) if duty.schedule.feed else []
        data = {"schedule": duty.schedule.name, "fallback": fallback}
        tx.record(row, "oncall_fallback", None, duty.problem or "", data=data)
    if row.acknowledged_at is None:
        after = tx.now + step.after
        if level < len(tx.policy.escalation):
            schedule.arm(tx.session, row, PAGE, after, level=level + 1)
        else:
            schedule.arm(tx.session, row, EXHAUSTED, after)
    return event


def page(
    tx: Tx, row: Incident, targets: list[str], actor: str | None, level: int | None, withheld: Sequence[str] = ()
) -> TimelineEvent:
    """Record the page and queue one delivery per target (invite + DM, or a report if unresolvable).
    `withheld`: whom a drill would have paged, named on the timeline and paged nowhere."""
    data = {"level": level, "targets": targets} | ({"withheld": list(withheld)} if withheld else {})
    event = tx.record(row, "paged", actor, ", ".join(targets), data=data)
    for target in targets:
        tx.enqueue("page", row, {"target": target, "level": level, "event_id": event.id})
    return event


def exhausted(tx: Tx, row: Incident) -> None:
    levels = len(tx.policy.escalation)
    tx.record(row, "escalation_exhausted", None, f"all {levels} escalation levels paged", data={"levels": levels})


def last_level(tx: Tx, row: Incident) -> int:
    """The highest level paged so far (0: none)."""
    query = select(TimelineEvent.data).where(TimelineEvent.incident_id == row.id, TimelineEvent.kind == "paged")
    return max((json.loads(data).get("level") or 0 for data in tx.session.scalars(query)), default=0)


def anyone_paged(tx: Tx, row: Incident) -> bool:
    query = select(TimelineEvent.id).where(TimelineEvent.incident_id == row.id, TimelineEvent.kind == "paged")
    return tx.session.scalars(query.limit(1)).first() is not None


def escalate(tx: Tx, number: int, actor: str, target: str | None = None) -> Outcome:
    """`/incident escalate [<@user>|<!subteam^ID>]` and the Escalate now button: page at once."""
    row = tx.incident(number)
    require_open(Status(row.status), "escalate it")
    if target:
        return tx.outcome(row, page(tx, row, [target], actor, None))
    if not tx.policy.escalation:
        raise InvalidInput("There is no escalation policy: name who to page, e.g. `/incident escalate @alice`.")
    pending = schedule.pending(tx.session, row, PAGE)
    level = schedule.payload(pending)["level"] if pending else last_level(tx, row) + 1
    if level > len(tx.policy.escalation):
        raise IllegalTransition("Every escalation level has been paged. Name someone: `/incident escalate @alice`.")
    return tx.outcome(row, page_level(tx, row, level, actor))
