"""Slack user groups that follow the schedules (`usergroup = "S0…"`): at every handoff, and at start-up,
the group is set to whom a page would reach. The replica that moves the stored membership queues the
update, so each handoff is sent once however many replicas notice it."""

from __future__ import annotations

from sqlalchemy import delete, update

from bot.core.feeds.duty import duty
from bot.core.policy.model import OncallSchedule
from bot.core.tx import Tx
from bot.store import outbox
from bot.store.models import OncallGroupMembers

EFFECT = "usergroup_update"


def follow_handoffs(tx: Tx) -> int:
    """Queue an update for each group whose people changed since it was last set; returns how many."""
    return sum(_moved(tx, schedule) for schedule in tx.policy.oncall.values() if schedule.usergroup)


def resync(tx: Tx) -> int:
    """At start-up: forget what each group was set to, so every group is set again."""
    tx.session.execute(delete(OncallGroupMembers))
    return follow_handoffs(tx)


def _moved(tx: Tx, schedule: OncallSchedule) -> bool:
    assert schedule.usergroup is not None
    people = ",".join(duty(tx, schedule).people)
    row = tx.session.get(OncallGroupMembers, schedule.name)
    if row is None:
        tx.session.add(
            OncallGroupMembers(schedule=schedule.name, usergroup=schedule.usergroup, people=people, set_at=tx.now)
        )
        tx.session.flush()
    elif (row.people, row.usergroup) == (people, schedule.usergroup) or not _won(tx, row, schedule.usergroup, people):
        return False
    payload = {"schedule": schedule.name, "usergroup": schedule.usergroup, "people": people.split(",")}
    outbox.enqueue(tx.session, tx.now, EFFECT, None, payload)
    return True


def _won(tx: Tx, row: OncallGroupMembers, usergroup: str, people: str) -> bool:
    """Move the row only from what this transaction read: a replica that moved it first wins."""
    moved = tx.session.execute(
        update(OncallGroupMembers)
        .where(OncallGroupMembers.schedule == row.schedule, OncallGroupMembers.people == row.people)
        .values(people=people, usergroup=usergroup, set_at=tx.now)
        .execution_options(synchronize_session=False)
    )
    return moved.rowcount == 1  # type: ignore[attr-defined]
