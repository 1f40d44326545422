"""The `[permissions]` rule on its own: who each kind of rule lets act, and what a refusal says."""

from __future__ import annotations

import pytest

from bot.core import permissions
from bot.core.permissions import Actor, Forbidden
from bot.core.policy.model import Permissions, Policy

NOBODY = Actor("U0X")
ROLE_HOLDER = Actor("U0X", holds_role=True)
IN_SRE = Actor("U0X", groups=frozenset({"S0SRE"}))


@pytest.mark.parametrize(
    ("rule", "allowed", "refused"),
    [
        ("anyone", [NOBODY, ROLE_HOLDER, IN_SRE], []),
        ("roles", [ROLE_HOLDER], [NOBODY, IN_SRE]),
        ("subteam:S0SRE", [IN_SRE], [NOBODY, ROLE_HOLDER]),
        ("subteam:S0DBA", [], [NOBODY, ROLE_HOLDER, IN_SRE]),
    ],
)
def test_each_rule_lets_exactly_its_people_act(rule: str, allowed: list[Actor], refused: list[Actor]) -> None:
    assert all(permissions.allows(rule, actor) for actor in allowed)
    assert not any(permissions.allows(rule, actor) for actor in refused)


def test_a_refusal_says_who_may_and_which_setting_decided() -> None:
    policy = Policy(permissions=Permissions(close="roles", change_severity="subteam:S0SRE"))
    with pytest.raises(Forbidden, match=r"Only the incident's role holders .* may close an incident .*close`"):
        permissions.check(policy, "close", NOBODY)
    with pytest.raises(Forbidden, match=r"Only members of <!subteam\^S0SRE> may change an incident's severity"):
        permissions.check(policy, "change_severity", ROLE_HOLDER)
    permissions.check(policy, "resolve", NOBODY)  # "anyone" by default
