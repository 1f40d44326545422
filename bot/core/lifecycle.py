"""Moving an incident through its states: acknowledge, status, severity, resolve, reopen, cancel,
close, and the descriptive edits (title, impact). Each records who and when."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core import followup, impact
from bot.core.errors import IllegalTransition, InvalidInput, NeedsConfirmation
from bot.core.incidents import clean_title
from bot.core.postmortem import Postmortems
from bot.core.severity import parse_severity
from bot.core.status import OPEN, SETTABLE, Status, require_open
from bot.core.text import bounded
from bot.core.tx import Tx
from bot.core.views import Outcome
from bot.store.models import Incident

REOPENABLE = (Status.RESOLVED, Status.CLOSED, Status.CANCELLED)
MAX_REASON = 500  # a sentence; it also rides in the confirm button's value (2000 characters at most)


def acknowledge(tx: Tx, number: int, actor: str) -> Outcome:
    row = tx.incident(number)
    require_open(Status(row.status), "acknowledge it")
    if row.acknowledged_at is not None:
        when = row.acknowledged_at.strftime("%H:%M UTC")
        raise IllegalTransition(f"INC-{number} was already acknowledged at {when}.")
    _mark_acknowledged(tx, row, actor)
    row.status = Status.ACKNOWLEDGED
    return tx.outcome(row, tx.record(row, "acknowledged", actor))


def _mark_acknowledged(tx: Tx, row: Incident, actor: str) -> None:
    if row.acknowledged_at is None:
        row.acknowledged_at, row.acknowledged_by = tx.now, actor


def set_status(tx: Tx, number: int, status: Status, actor: str, summary: str | None = None) -> Outcome:
    if status not in SETTABLE:
        raise InvalidInput(f"`{status.value}` is not a status you can set; use the subcommand of that name.")
    row = tx.incident(number)
    current = Status(row.status)
    require_open(current, f"set it to {status.value}")
    if current == status:
        raise IllegalTransition(f"INC-{number} is already {status.value}.")
    _mark_acknowledged(tx, row, actor)
    row.status = status
    if status == Status.IDENTIFIED:
        row.identified_at = row.identified_at or tx.now
    elif status == Status.MONITORING:
        row.mitigated_at = row.mitigated_at or tx.now
    elif status == Status.RESOLVED:
        row.resolved_at = tx.now
        row.mitigated_at = row.mitigated_at or tx.now
        row.resolution = bounded(summary, "The summary") if summary else None
        return tx.outcome(row, tx.record(row, "resolved", actor, row.resolution or "", data={"from": current.value}))
    return tx.outcome(row, tx.record(row, "status", actor, status.value, data={"from": current.value}))


def resolve(tx: Tx, number: int, actor: str, summary: str | None = None) -> Outcome:
    return set_status(tx, number, Status.RESOLVED, actor, summary)


def set_severity(tx: Tx, number: int, raw: str, actor: str) -> Outcome:
    severity = parse_severity(raw)
    row = tx.incident(number)
    require_open(Status(row.status), "change its severity")
    if row.severity == severity:
        raise IllegalTransition(f"INC-{number} is already {severity.upper()}.")
    previous, row.severity = row.severity, severity
    return tx.outcome(row, tx.record(row, "severity", actor, severity, data={"from": previous}))


def reopen(tx: Tx, number: int, actor: str) -> Outcome:
    row = tx.incident(number)
    current = Status(row.status)
    if current not in REOPENABLE:
        raise IllegalTransition(
            f"INC-{number} is {current.value}; only a resolved, closed or cancelled incident reopens."
        )
    row.status = Status.INVESTIGATING
    row.resolved_at = row.closed_at = row.cancelled_at = row.resolution = None  # the timeline keeps them
    return tx.outcome(row, tx.record(row, "reopened", actor, data={"from": current.value}))


def cancel(tx: Tx, number: int, actor: str, reason: str | None = None, confirmed: bool = False) -> Outcome:
    """A false alarm ends without a postmortem and stays out of the metrics. An incident whose
    severity pages (SEV1/SEV2 by default, as the policy says) is only cancelled once the person
    confirms: it stops paging everyone."""
    text = bounded(reason, "The reason", MAX_REASON) if reason else ""
    row = tx.incident(number)
    if row.status == Status.CANCELLED:
        raise IllegalTransition(f"INC-{number} is already cancelled.")
    require_open(Status(row.status), "cancel it")
    severity = tx.policy.level(row.severity)
    if severity.page and not confirmed:
        raise NeedsConfirmation(
            f"INC-{number} is {severity.label}: cancelling it stops paging and escalation and "
            "leaves it out of the metrics. Cancel only a false alarm."
        )
    row.status, row.cancelled_at = Status.CANCELLED, tx.now
    return tx.outcome(row, tx.record(row, "cancelled", actor, text))


def close(tx: Tx, number: int, actor: str, postmortems: Postmortems, names: Mapping[str, str] | None = None) -> Outcome:
    """Close a resolved incident and store its postmortem draft; the adapter uploads it."""
    row = tx.incident(number)
    current = Status(row.status)
    if current in OPEN:
        raise IllegalTransition(f"INC-{number} is still {current.value}: resolve it first with `/incident resolve`.")
    if current != Status.RESOLVED:
        raise IllegalTransition(f"INC-{number} is {current.value}; only a resolved incident can be closed.")
    row.status, row.closed_at = Status.CLOSED, tx.now
    event = tx.record(row, "closed", actor)
    row.postmortem = postmortems.render(tx, row, names)
    tx.enqueue("upload_postmortem", row, {"version": followup.uploads(tx, row)})
    return tx.outcome(row, event)


def rename(tx: Tx, number: int, raw_title: str, actor: str) -> Outcome:
    title = clean_title(raw_title)
    row = tx.incident(number)
    if row.title == title:
        raise IllegalTransition("That is already the title.")
    previous, row.title = row.title, title
    return tx.outcome(row, tx.record(row, "renamed", actor, title, data={"from": previous}))


def set_impact(tx: Tx, number: int, raw: str, actor: str) -> Outcome:
    """`impact [<share>%] <text>` (see bot/core/impact.py): the event carries the share when one was given."""
    change = impact.parse(raw)
    row = tx.incident(number)
    row.impact = change.text or row.impact
    data = {}
    if change.fraction is not None:
        row.impact_fraction = data["fraction"] = change.fraction
    return tx.outcome(row, tx.record(row, "impact", actor, change.text or "", data=data))
