"""The Slack side of `[permissions]`: learns what the core's rule needs that only Slack knows — the
user groups a `subteam:<ID>` rule names, from `usergroups.users.list` (cached) — before the
transaction, since nothing waits on Slack inside one. Whether the person holds an incident role is
the core's to judge, in the transaction of the change (bot/core/gate.py)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot.core import permissions
from bot.core.permissions import Actor, CouldNotCheck
from bot.slack.failures import classify
from bot.slack.services import Services


def actor(services: Services, user: str, *actions: str) -> Actor:
    """`user` with the groups, among those the rules of `actions` name, that they are in."""
    groups = {group for action in actions if (group := _group(services, action, user))}
    return Actor(user, groups=frozenset(groups))


def assigner(services: Services, user: str) -> Actor:
    """Someone changing roles: the `declare` rule counts too, as it lets people take command of an
    unstaffed incident — unless anyone may assign anyway, when no group needs asking."""
    if permissions.rule(services.desk.policy, "assign_roles") == "anyone":
        return Actor(user)
    return actor(services, user, "assign_roles", "declare")


def permit(services: Services, action: str, user: str) -> None:
    """Raise Forbidden (or CouldNotCheck) unless the policy lets `user` do `action`, where no
    incident is involved yet (declaring), so no role can count."""
    permissions.check(services.desk.policy, action, actor(services, user, action))


def _group(services: Services, action: str, user: str) -> str | None:
    """The group `action`'s rule names if `user` is in it; None when they are not or it names none."""
    group = permissions.subteam(permissions.rule(services.desk.policy, action))
    if group is None:
        return None
    try:
        members = services.group_members.of(services.gateway.client, group)
    except (SlackApiError, OSError) as error:
        raise CouldNotCheck(
            f"⚠️ I couldn't check whether you may {permissions.DOING[action]}: Slack didn't tell me who is "
            f"in the user group ({classify(error).reason}). Nothing was changed — try again in a minute."
        ) from None
    return group if user in members else None
