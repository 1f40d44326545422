"""Who may declare, change the severity, assign roles, resolve, reopen and close, from the policy's
`[permissions]`. Pure: the caller passes in what is known about the person (whether they hold an
incident role, which user groups they are in), so the rule is tested without Slack and applied the
same way from a command, a button or a form. `bot/core/gate.py` asks it inside the transaction."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.errors import IncidentError
from bot.core.policy import Policy

DOING = {
    "declare": "declare an incident",
    "change_severity": "change an incident's severity",
    "assign_roles": "assign or relieve incident roles",
    "resolve": "resolve or cancel an incident",
    "reopen": "reopen an incident",
    "close": "close an incident",
}


class Forbidden(IncidentError):
    """The policy does not let this person do this; the message says who may."""


class CouldNotCheck(IncidentError):
    """Slack did not answer who is in the group: refused, never allowed on a guess."""


@dataclass(frozen=True)
class Actor:
    user_id: str
    holds_role: bool = False  # holds a role in the incident acted on
    groups: frozenset[str] = frozenset()  # the subteam IDs the rule asked about that they are in


def rule(policy: Policy, action: str) -> str:
    return str(getattr(policy.permissions, action))


def subteam(rule_text: str) -> str | None:
    """The user group a `subteam:<ID>` rule names, else None."""
    return rule_text.removeprefix("subteam:") if rule_text.startswith("subteam:") else None


def allows(rule_text: str, actor: Actor) -> bool:
    if rule_text == "anyone":
        return True
    if rule_text == "roles":
        return actor.holds_role
    return subteam(rule_text) in actor.groups


def who(rule_text: str) -> str:
    """The people a rule lets act, in words for the refused person."""
    if rule_text == "roles":
        return "the incident's role holders (commander, deputy, scribe, comms, SMEs)"
    group = subteam(rule_text)
    return f"members of <!subteam^{group}>" if group else "anyone"


def check(policy: Policy, action: str, actor: Actor) -> None:
    """Raise Forbidden, saying who may, unless the policy lets `actor` do `action`."""
    wanted = rule(policy, action)
    if not allows(wanted, actor):
        raise Forbidden(f"⛔ Only {who(wanted)} may {DOING[action]} (policy `[permissions] {action}`).")
