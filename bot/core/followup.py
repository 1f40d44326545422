"""The postmortem's follow-through after resolve: `/incident postmortem` renders the draft again from
the record and adds it to the channel as a new version (the earlier files stay, with whatever people
wrote in them), and `/incident postmortem done` marks it complete, which stops the reminders for
good. The reminders are armed in bot/core/reminders.py and fired in bot/core/due.py."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select

from bot.core import gate, permissions, roles
from bot.core.errors import IllegalTransition
from bot.core.permissions import Actor, Forbidden
from bot.core.postmortem import Postmortems
from bot.core.status import OPEN, Status
from bot.core.tx import Tx
from bot.core.views import Outcome
from bot.store.models import Incident, TimelineEvent

UPLOADS = ("closed", "postmortem_draft")  # the events that each put a draft file in the channel
NO_POSTMORTEM = "INC-{} was cancelled as a false alarm: it has no postmortem."


def redraft(
    tx: Tx, number: int, actor: str, postmortems: Postmortems, names: Mapping[str, str] | None = None
) -> Outcome:
    """Render the draft again and queue its upload as the next version. Anyone may, at any time
    but after a cancel: a draft while the incident is open is a head start, and it says when it was made."""
    row = tx.incident(number)
    if row.status == Status.CANCELLED:
        raise IllegalTransition(NO_POSTMORTEM.format(number))
    version = uploads(tx, row) + 1
    row.postmortem = postmortems.render(tx, row, names)
    event = tx.record(row, "postmortem_draft", actor, data={"version": version})
    tx.enqueue("upload_postmortem", row, {"version": version, "by": actor})
    return tx.outcome(row, event)


def uploads(tx: Tx, row: Incident) -> int:
    """How many draft files the incident's channel has been given (its close's included)."""
    query = select(func.count()).where(TimelineEvent.incident_id == row.id, TimelineEvent.kind.in_(UPLOADS))
    return tx.session.execute(query).scalar_one()


def complete(tx: Tx, number: int, who: Actor) -> Outcome:
    """Mark the postmortem complete: once, after resolve, by the commander or anyone `[permissions]
    close` lets close the incident."""
    row = tx.incident(number)
    if row.postmortem_done_at is not None:
        when = row.postmortem_done_at.strftime("%Y-%m-%d %H:%M UTC")
        raise IllegalTransition(f"The postmortem of INC-{number} was already marked complete on {when}.")
    _require_resolved(row)
    assert row.id is not None
    if roles.commander(tx.session, row.id) != who.user_id:
        _may_close(tx, who, number)
    row.postmortem_done_at, row.postmortem_done_by = tx.now, who.user_id
    return tx.outcome(row, tx.record(row, "postmortem_done", who.user_id))


def _may_close(tx: Tx, who: Actor, number: int) -> None:
    try:
        gate.require(tx, "close", who, number)
    except Forbidden:
        rule = permissions.who(permissions.rule(tx.policy, "close"))
        raise Forbidden(
            f"⛔ Only the commander or {rule} may mark the postmortem complete "
            "(as for closing: policy `[permissions] close`)."
        ) from None


def _require_resolved(row: Incident) -> None:
    status = Status(row.status)
    if status == Status.CANCELLED:
        raise IllegalTransition(NO_POSTMORTEM.format(row.number))
    if status in OPEN:
        raise IllegalTransition(
            f"INC-{row.number} is still {status.value}: resolve it first; the postmortem comes after."
        )
