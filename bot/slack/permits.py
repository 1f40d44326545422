"""The Slack side of `[permissions]`: learns what the core's rule needs about a person (their
incident roles from the database, their user groups from `usergroups.users.list`) and asks it."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot.core import permissions, staffing
from bot.core.permissions import Actor, CouldNotCheck
from bot.slack.failures import classify
from bot.slack.services import Services


def permit(services: Services, action: str, user: str, number: int | None = None) -> None:
    """Raise Forbidden (or CouldNotCheck) unless the policy lets `user` do `action` on INC-`number`
    (None when declaring, which the policy never leaves to "roles")."""
    rule = permissions.rule(services.desk.policy, action)
    if rule == "anyone":
        return  # nothing to look up
    holds_role = rule == "roles" and number is not None and services.desk.read(staffing.holds_role, number, user)
    actor = Actor(user, holds_role, _groups(services, rule, user, action))
    permissions.check(services.desk.policy, action, actor)


def _groups(services: Services, rule: str, user: str, action: str) -> frozenset[str]:
    group = permissions.subteam(rule)
    if group is None:
        return frozenset()
    try:
        members = services.group_members.of(services.gateway.client, group)
    except (SlackApiError, OSError) as error:
        raise CouldNotCheck(
            f"⚠️ I couldn't check whether you may {permissions.DOING[action]}: Slack didn't tell me who is "
            f"in the user group ({classify(error).reason}). Nothing was changed — try again in a minute."
        ) from None
    return frozenset({group}) if user in members else frozenset()
