"""Which reminders each timeline event arms or stops. Called by `Tx.record` for every event, so a
state change and the reminders it causes share one transaction. Events arm; state disarms."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.core import escalation, roles, schedule
from bot.core.errors import IllegalTransition
from bot.core.schedule import (
    AFTER_RESOLVE,
    COMMANDER_SILENT,
    EXHAUSTED,
    NO_COMMANDER,
    PAGE,
    POSTMORTEM,
    STUCK,
    UPDATE_NUDGE,
)
from bot.core.status import OPEN, Status, require_open
from bot.store.models import Incident, TimelineEvent

if TYPE_CHECKING:
    from bot.core.tx import Tx

WATCHED_SEVERITIES = ("sev1", "sev2")  # commander silence is watched at these levels only
RESTART_UPDATES = ("declared", "update", "reopened")


def follow(tx: Tx, row: Incident, event: TimelineEvent) -> None:
    if row.status not in OPEN:
        schedule.disarm(tx.session, row, keep=AFTER_RESOLVE)
        _postmortem(tx, row, event.kind)
        return
    if event.kind == "reopened":  # the only way back to open: what outlives the resolve stops here
        schedule.disarm(tx.session, row, *AFTER_RESOLVE)
    if row.acknowledged_at is not None or not tx.policy.level(row.severity).page:
        schedule.disarm(tx.session, row, PAGE, EXHAUSTED)
    _updates(tx, row, event.kind)
    _command(tx, row, event)
    _investigation(tx, row, event.kind)
    if event.kind in ("declared", "severity") and row.acknowledged_at is None:
        escalation.start(tx, row)


def _postmortem(tx: Tx, row: Incident, kind: str) -> None:
    """From each resolve until the postmortem is marked done: a cancel (no postmortem) and `done`
    stop it, a reopen stops it (above), resolving again starts it afresh; a close keeps it."""
    if row.status == Status.CANCELLED or row.postmortem_done_at is not None:
        schedule.disarm(tx.session, row, POSTMORTEM)
    elif kind == "resolved":
        schedule.arm(tx.session, row, POSTMORTEM, tx.now + tx.policy.postmortem.remind_every)


def _updates(tx: Tx, row: Incident, kind: str) -> None:
    every = tx.policy.level(row.severity).update_every
    if kind not in (*RESTART_UPDATES, "severity"):
        return
    if every is None:
        schedule.disarm(tx.session, row, UPDATE_NUDGE)
        return
    since = tx.now if kind in RESTART_UPDATES else (row.last_update_at or row.declared_at)
    schedule.arm(tx.session, row, UPDATE_NUDGE, max(tx.now, since + every))


def _command(tx: Tx, row: Incident, event: TimelineEvent) -> None:
    assert row.id is not None
    commander = roles.commander(tx.session, row.id)
    nudges = tx.policy.nudges
    if commander is None:
        schedule.disarm(tx.session, row, COMMANDER_SILENT)
        if event.kind in ("declared", "role_relieved"):
            schedule.arm(tx.session, row, NO_COMMANDER, tx.now + nudges.no_commander_after)
        return
    schedule.disarm(tx.session, row, NO_COMMANDER)
    if row.severity not in WATCHED_SEVERITIES:
        schedule.disarm(tx.session, row, COMMANDER_SILENT)
    elif event.actor == commander or event.kind in ("declared", "severity") or _made_commander(event):
        heard_from_commander(tx, row)


def _made_commander(event: TimelineEvent) -> bool:
    return event.kind == "role_assigned" and event.text == "commander"


def heard_from_commander(tx: Tx, row: Incident) -> None:
    """The commander spoke (a command or a message in the channel): the silence clock restarts."""
    schedule.arm(tx.session, row, COMMANDER_SILENT, tx.now + tx.policy.nudges.commander_silent_after)


def _investigation(tx: Tx, row: Incident, kind: str) -> None:
    if row.status != Status.INVESTIGATING:
        schedule.disarm(tx.session, row, STUCK)
    elif kind in ("status", "reopened"):
        schedule.arm(tx.session, row, STUCK, tx.now + tx.policy.nudges.stuck_investigating_after)


def snooze(tx: Tx, number: int, minutes: int, actor: str) -> str:
    """Move the next update reminder `minutes` from now (the Snooze menu on a nudge)."""
    row = tx.incident(number)
    require_open(Status(row.status), "snooze its reminders")
    if tx.policy.level(row.severity).update_every is None:
        raise IllegalTransition(f"INC-{number} has no update reminders at {row.severity.upper()}.")
    schedule.arm(tx.session, row, UPDATE_NUDGE, tx.now + timedelta(minutes=minutes))
    return f"Snoozed: the next update reminder for INC-{number} comes in {minutes} minutes."


def heard(tx: Tx, channel_id: str, user: str) -> None:
    """Someone spoke in a channel; if it is the commander of a watched incident there, they are not silent."""
    row = tx.session.scalars(select(Incident).where(Incident.channel_id == channel_id)).first()
    if row is None or row.status not in OPEN or row.severity not in WATCHED_SEVERITIES:
        return
    assert row.id is not None
    if roles.commander(tx.session, row.id) == user:
        heard_from_commander(tx, row)
