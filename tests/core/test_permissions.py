"""The `[permissions]` rule on its own: who each kind of rule lets act, and what a refusal says."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import permissions
from bot.core.permissions import Actor, Forbidden
from bot.core.policy import load_policy
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


def _permissions(tmp_path: Path, lines: str) -> Permissions:
    path = tmp_path / "policy.toml"
    path.write_text(f"[permissions]\n{lines}\n")
    return load_policy(str(path)).permissions


def test_assign_roles_left_out_follows_any_roles_rule(tmp_path: Path) -> None:
    """A "roles" rule anyone could meet by giving themselves a role first would stop nobody."""
    assert _permissions(tmp_path, "").assign_roles == "anyone"
    assert _permissions(tmp_path, 'close = "subteam:S0SRE"').assign_roles == "anyone"
    for key in ("change_severity", "resolve", "reopen", "close"):
        assert _permissions(tmp_path, f'{key} = "roles"').assign_roles == "roles"
    written = _permissions(tmp_path, 'resolve = "roles"\nassign_roles = "anyone"\nreopen = "subteam:S0SRE"')
    assert (written.assign_roles, written.reopen) == ("anyone", "subteam:S0SRE")


def test_a_refusal_names_the_new_rules() -> None:
    policy = Policy(permissions=Permissions(assign_roles="roles", reopen="subteam:S0SRE"))
    assigning = r"may assign or relieve incident roles \(policy `\[permissions\] assign_roles`"
    with pytest.raises(Forbidden, match=assigning):
        permissions.check(policy, "assign_roles", NOBODY)
    with pytest.raises(Forbidden, match=r"Only members of <!subteam\^S0SRE> may reopen an incident"):
        permissions.check(policy, "reopen", ROLE_HOLDER)
