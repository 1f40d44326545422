"""Assigning and relieving people in Incident Command System roles, with history."""

from __future__ import annotations

from bot.core import roles, text
from bot.core.errors import IllegalTransition, InvalidInput
from bot.core.roles import SINGLE_HOLDER, SPAN_OF_CONTROL, Role
from bot.core.status import Status
from bot.core.tx import Tx
from bot.core.views import Outcome
from bot.store.models import RoleAssignment

ENDED = (Status.CLOSED, Status.CANCELLED)
MAX_AREA = 200


def assign(tx: Tx, number: int, role: Role, user: str, actor: str, area: str | None = None) -> Outcome:
    row = tx.incident(number)
    if row.status in ENDED:
        raise IllegalTransition(f"INC-{number} is {row.status}; reopen it before changing roles.")
    assert row.id is not None
    area = text.optional(text.one_line(area or ""), "The area", MAX_AREA)
    current = [a for a in roles.active(tx.session, row.id) if a.role == role]
    if any(a.user_id == user for a in current):
        raise IllegalTransition(f"That person is already {role.value} of INC-{number}.")
    replaced = None
    if role in SINGLE_HOLDER and current:
        replaced = current[0].user_id
        current[0].relieved_at, current[0].relieved_by = tx.now, actor
    tx.session.add(
        RoleAssignment(
            incident_id=row.id,
            role=role,
            user_id=user,
            area=area,
            assigned_at=tx.now,
            assigned_by=actor,
        )
    )
    tx.enqueue("invite", row, {"users": [user]})
    event = tx.record(
        row,
        "role_assigned",
        actor,
        role.value,
        data={"role": role.value, "user": user, "area": area, "replaced": replaced},
    )
    outcome = tx.outcome(row, event)
    people = len(outcome.incident.people)
    if people > SPAN_OF_CONTROL:
        notice = (
            f"{people} people now hold roles. Span of control is 3–7 per coordinator: "
            "consider relieving people who are no longer needed."
        )
        return tx.outcome(row, event, notice)
    return outcome


def assign_all(tx: Tx, number: int, role: Role, users: list[str], actor: str, area: str | None = None) -> Outcome:
    """Several people into one role (SMEs) in one transaction: all of them or, on any refusal, none."""
    outcomes = [assign(tx, number, role, user, actor, area) for user in users]
    return outcomes[-1]


def relieve(tx: Tx, number: int, user: str, actor: str) -> Outcome:
    row = tx.incident(number)
    assert row.id is not None
    held = [a for a in roles.active(tx.session, row.id) if a.user_id == user]
    if not held:
        raise InvalidInput("That person holds no role in this incident. See `/incident roles`.")
    for assignment in held:
        assignment.relieved_at, assignment.relieved_by = tx.now, actor
    names = [a.role for a in held]
    event = tx.record(row, "role_relieved", actor, ", ".join(names), data={"user": user, "roles": names})
    return tx.outcome(row, event)


def holds_role(tx: Tx, number: int, user: str) -> bool:
    """Whether the person holds a role in INC-`number`: the `roles` permission rule's question."""
    row = tx.incident(number)
    return any(a.user_id == user for a in roles.active(tx.session, row.id or 0))
