"""`[permissions]` applied inside the operation it guards. The rule is judged in the operation's own
transaction, with the incident's row locked, on the roles held before the operation changes
anything: a check made in one transaction and a change made in another would let a role relieved
in between still count, and a role the change itself gives would count for it. Every path that
changes roles or moves the lifecycle (commands, buttons, forms, other adapters) runs through here,
so a new button inherits the rule of the operation it calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Concatenate, ParamSpec, TypeVar

from bot.core import handoff, roles, staffing
from bot.core.permissions import Actor, Forbidden, allows, check, rule, who
from bot.core.roles import Role
from bot.core.tx import Tx
from bot.core.views import Outcome

P = ParamSpec("P")
T = TypeVar("T")


def permitted(
    tx: Tx,
    action: str,
    actor: Actor,
    op: Callable[Concatenate[Tx, int, P], T],
    number: int,
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Run `op` on INC-`number` only if `[permissions] action` lets `actor` do it now."""
    require(tx, action, actor, number)
    return op(tx, number, *args, **kwargs)


def require(tx: Tx, action: str, actor: Actor, number: int) -> None:
    """Raise Forbidden unless the rule lets `actor` act on INC-`number`, judged on the roles held now."""
    check(tx.policy, action, standing(tx, actor, number))


def standing(tx: Tx, actor: Actor, number: int) -> Actor:
    """The person as the "roles" rule sees them: holding a role in INC-`number` at this moment."""
    return replace(actor, holds_role=staffing.holds_role(tx, number, actor.user_id))


def assign(tx: Tx, actor: Actor, number: int, role: Role, users: list[str], area: str | None = None) -> Outcome:
    """Give `users` the role, if `assign_roles` (or the rule for an unstaffed incident) lets `actor`."""
    may_assign(tx, actor, number, role, users)
    return staffing.assign_all(tx, number, role, users, actor.user_id, area)


def hand_over(tx: Tx, actor: Actor, number: int, user: str) -> Outcome:
    """A handoff gives the commander role, so it follows the same rule as assigning it."""
    may_assign(tx, actor, number, Role.COMMANDER, [user])
    return handoff.handoff(tx, number, user, actor.user_id)


def may_assign(tx: Tx, actor: Actor, number: int, role: Role, users: list[str]) -> None:
    """`assign_roles`, with one exception so the rule can never lock an incident: while nobody
    holds any role (an incident an alert declared), anyone allowed to declare may take command —
    only command, and only for themselves."""
    unstaffed = not roles.active(tx.session, tx.incident(number).id or 0)
    takes_command = role == Role.COMMANDER and users == [actor.user_id]
    if unstaffed and takes_command and allows(rule(tx.policy, "declare"), actor):
        return
    try:
        require(tx, "assign_roles", actor, number)
    except Forbidden as refusal:
        hint = _unstaffed_hint(tx, actor, number) if unstaffed else ""
        raise Forbidden(f"{refusal}{hint}") from None


def _unstaffed_hint(tx: Tx, actor: Actor, number: int) -> str:
    """Who may take an incident nobody holds a role in: the refused person, or whom to ask."""
    declare = rule(tx.policy, "declare")
    if allows(declare, actor):
        return (
            f"\nNobody holds a role in INC-{number} yet, so you may take command yourself: "
            "“I'll take command” or `/incident commander` naming yourself."
        )
    return f"\nNobody holds a role in INC-{number} yet: {who(declare)} may take command (`[permissions] declare`)."
