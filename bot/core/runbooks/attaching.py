"""Attaching a runbook to an incident: by hand (`/incident runbook <name>`), or by the policy's
`[[runbooks.attach]]` rules whenever what they match on changes (the declare, a service added, a
severity change, alerts joining). Each runbook joins an incident once; its steps are copied, so
the checklist is the same for everyone however the file changes later."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from bot.core.errors import InvalidInput
from bot.core.policy.runbook_files import Runbook
from bot.core.policy.runbooks import RunbookRule
from bot.core.service_names import names_of
from bot.core.status import OPEN
from bot.core.tx import Tx
from bot.store.models import Alert, AlertGroup, Incident, RunbookCopy, RunbookStep, TimelineEvent

WATCHED = ("service_added", "severity", "alert")  # after the declare: the events that change what rules match
INCIDENT_FACTS = ("severity", "service")  # matched without regard to case; alert labels exactly


@dataclass(frozen=True)
class Attached:
    title: str
    new: bool


def attach_named(tx: Tx, number: int, name: str, actor: str) -> Attached:
    book = tx.policy.runbooks.find(name)
    if book is None:
        raise InvalidInput("No runbook has that file name or title; `/incident runbook` lists them.")
    row = tx.incident(number)
    return Attached(book.title, attach(tx, row, book, actor, "by hand"))


def attach(tx: Tx, row: Incident, book: Runbook, actor: str | None, reason: str) -> bool:
    """Copy the runbook into the incident unless it is there already; False when it was."""
    if book.name in _attached(tx, row):
        return False
    copy = RunbookCopy(incident_id=row.id, name=book.name, title=book.title, attached_at=tx.now, attached_by=actor)
    tx.session.add(copy)
    tx.session.flush()
    for position, step in enumerate(book.steps):
        tx.session.add(RunbookStep(runbook_id=copy.id, position=position, text=step.text, link=step.link))
    data = {"runbook": copy.id, "name": book.name, "steps": len(book.steps), "reason": reason}
    tx.record(row, "runbook_attached", actor, book.title, data=data)
    if row.channel_id:  # else the channel's set-up posts it, after the card (`post_waiting`)
        tx.enqueue("post_runbook", row, {"runbook": copy.id})
    return True


def post_waiting(tx: Tx, row: Incident) -> None:
    """Queue the checklists attached before the incident had a channel (those of the declare)."""
    waiting = select(RunbookCopy.id).where(RunbookCopy.incident_id == row.id, RunbookCopy.message_ts.is_(None))
    for runbook_id in tx.session.scalars(waiting.order_by(RunbookCopy.id)):
        tx.enqueue("post_runbook", row, {"runbook": runbook_id})


def follow(tx: Tx, row: Incident, event: TimelineEvent) -> None:
    """Run by `Tx.record` for every event: the rules are checked again when what they match on changed.
    The declare itself is followed from `incidents.declare`, once the channel's set-up is queued."""
    if event.kind in WATCHED and row.status in OPEN and tx.policy.runbooks.rules:
        attach_matching(tx, row)


def attach_matching(tx: Tx, row: Incident) -> None:
    facts = _facts(tx, row)
    for rule in tx.policy.runbooks.rules:
        if all(_holds(facts, key, value) for key, value in rule.match.items()):
            attach(tx, row, tx.policy.runbooks.books[rule.name], None, _reason(rule))


def _holds(facts: set[tuple[str, str]], key: str, value: str) -> bool:
    return (key, value.lower() if key in INCIDENT_FACTS else value) in facts


def _reason(rule: RunbookRule) -> str:
    return "matched " + ", ".join(f"{key} = {value}" for key, value in rule.match.items())


def _facts(tx: Tx, row: Incident) -> set[tuple[str, str]]:
    """The incident's severity and services, and every label of its alerts."""
    facts = {("severity", row.severity.lower())} | {("service", name.lower()) for name in names_of(tx.session, row.id)}
    query = select(Alert.labels).join(AlertGroup, Alert.group_id == AlertGroup.id)
    for labels in tx.session.scalars(query.where(AlertGroup.incident_id == row.id)):
        facts |= {(key, str(value)) for key, value in json.loads(labels or "{}").items()}
    return facts


def _attached(tx: Tx, row: Incident) -> set[str]:
    return set(tx.session.scalars(select(RunbookCopy.name).where(RunbookCopy.incident_id == row.id)))
