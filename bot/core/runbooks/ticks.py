"""Ticking and unticking steps. Slack sends, with each click, the whole selection of the checkbox
group as the clicker's screen showed it; two people ticking different boxes of one group at once
each send a selection without the other's tick. So a click changes only the steps whose box the
clicker changed — its selection against what the message showed them — and each step's state is
stored on its own: nobody's tick is lost, and a click on a stale message undoes nothing."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from bot.core.errors import IllegalTransition, InvalidInput
from bot.core.status import Status
from bot.core.tx import Tx
from bot.store.models import Incident, RunbookCopy, RunbookStep

ENDED = (Status.CLOSED, Status.CANCELLED)


def change(
    tx: Tx,
    runbook_id: int,
    group: Collection[int],
    shown: Collection[int] | None,
    selected: Collection[int],
    actor: str,
) -> int:
    """Apply one click on the group of steps `group` (step ids): `shown` were ticked on the clicker's
    screen before it (None: unknown, so the stored state stands in), `selected` after it. Returns
    how many steps changed; the checklist message is brought up to date either way, so a screen that
    was behind catches up."""
    copy, row = _locked(tx, runbook_id)
    if row.status in ENDED:
        raise IllegalTransition(f"INC-{row.number} is {row.status}: its checklist stays as it was at the end.")
    steps = {s.id: s for s in tx.session.scalars(select(RunbookStep).where(RunbookStep.runbook_id == copy.id))}
    if not set(group) <= set(steps) or not set(selected) <= set(group):
        raise InvalidInput("That checklist has changed since this message was posted; nothing was changed.")
    before = {i for i in group if steps[i].done} if shown is None else set(shown)
    changed = [steps[i] for i in sorted(group, key=lambda i: steps[i].position) if (i in selected) != (i in before)]
    applied = sum(_set(tx, row, copy, step, step.id in selected, actor) for step in changed)
    tx.enqueue("refresh_runbook", row, {"runbook": copy.id}, coalesce=True)
    return applied


def restore(tx: Tx, runbook_id: int) -> None:
    """After a refused click: the message shows the stored state again, as new blocks, so the
    clicker's screen drops the tick it showed at once."""
    copy, row = _locked(tx, runbook_id)
    copy.version += 1
    tx.enqueue("refresh_runbook", row, {"runbook": copy.id}, coalesce=True)


def _set(tx: Tx, row: Incident, copy: RunbookCopy, step: RunbookStep, done: bool, actor: str) -> bool:
    """One step to `done`; nothing when someone else already made it so."""
    if step.done == done:
        return False
    step.done, step.changed_at, step.changed_by = done, tx.now, actor
    copy.version += 1
    data = {"runbook": copy.id, "step": step.position + 1, "done": done, "title": copy.title}
    tx.record(row, "runbook_step", actor, step.text, data=data)
    return True


def _locked(tx: Tx, runbook_id: int) -> tuple[RunbookCopy, Incident]:
    """The checklist, with its incident locked first (the order every change of the incident takes)."""
    copy = tx.session.get(RunbookCopy, runbook_id)
    if copy is None:
        raise InvalidInput("That checklist is not in this bot's record; nothing was changed.")
    number = tx.session.scalars(select(Incident.number).where(Incident.id == copy.incident_id)).one()
    row = tx.incident(number)
    tx.session.refresh(copy)
    return copy, row
