"""`[permissions]` judged inside the transaction of the change (bot/core/gate.py): a "roles" rule
counts the roles held when the change starts, a refused change leaves nothing behind, and an
incident nobody holds a role in can be taken in hand by someone allowed to declare."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.core import gate, incidents, lifecycle, staffing
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.permissions import Actor, Forbidden
from bot.core.policy.model import Permissions, Policy
from bot.core.roles import Role
from tests.core.factory import ALICE, BOB, CAROL, declare

SRE = "S0SRE"
HINT = "Nobody holds a role in INC-1 yet, so you may take command yourself"


def desk_with(engine: Engine, clock: ManualClock, **rules: str) -> Desk:
    return Desk(engine, clock, policy=Policy(permissions=Permissions(**rules)))


def holders(desk: Desk) -> list[tuple[str, str]]:
    return [(h.role, h.user_id) for h in desk.read(incidents.get, 1).roles]


def test_a_role_given_in_the_same_change_does_not_count(engine: Engine, clock: ManualClock) -> None:
    desk = desk_with(engine, clock, assign_roles="roles")
    declare(desk, by=ALICE)
    with pytest.raises(Forbidden, match="assign_roles"):
        desk.run(gate.assign, Actor(BOB), 1, Role.SME, [CAROL, BOB])
    assert holders(desk) == [("commander", ALICE)], "refused whole: nobody was assigned"


def test_a_relieved_role_no_longer_counts(engine: Engine, clock: ManualClock) -> None:
    desk = desk_with(engine, clock, assign_roles="roles", resolve="roles")
    declare(desk, by=ALICE)
    desk.run(gate.assign, Actor(ALICE), 1, Role.SCRIBE, [BOB])
    desk.run(gate.permitted, "assign_roles", Actor(ALICE), staffing.relieve, 1, BOB, ALICE)
    with pytest.raises(Forbidden, match="resolve"):
        desk.run(gate.permitted, "resolve", Actor(BOB), lifecycle.resolve, 1, BOB)
    desk.run(gate.permitted, "resolve", Actor(ALICE), lifecycle.resolve, 1, ALICE)


def test_with_nobody_in_a_role_only_taking_command_yourself_is_open(engine: Engine, clock: ManualClock) -> None:
    desk = desk_with(engine, clock, assign_roles="roles")
    declare(desk, by=None, source="alertmanager")  # an alert declared it: nobody holds a role
    with pytest.raises(Forbidden, match=HINT):
        desk.run(gate.assign, Actor(BOB), 1, Role.COMMANDER, [CAROL])
    with pytest.raises(Forbidden, match=HINT):
        desk.run(gate.assign, Actor(BOB), 1, Role.SCRIBE, [BOB])
    with pytest.raises(Forbidden, match=HINT):
        desk.run(gate.hand_over, Actor(BOB), 1, CAROL)
    desk.run(gate.hand_over, Actor(BOB), 1, BOB)
    assert holders(desk) == [("commander", BOB)]
    with pytest.raises(Forbidden) as refused:
        desk.run(gate.assign, Actor(CAROL), 1, Role.COMMANDER, [CAROL])
    assert "Nobody holds" not in str(refused.value), "taken: the incident is no longer open to all"

    desk.run(gate.permitted, "assign_roles", Actor(BOB), staffing.relieve, 1, BOB, BOB)
    desk.run(gate.assign, Actor(CAROL), 1, Role.COMMANDER, [CAROL])  # empty again: open again
    assert holders(desk) == [("commander", CAROL)]


def test_taking_an_empty_incident_needs_the_declare_right(engine: Engine, clock: ManualClock) -> None:
    desk = desk_with(engine, clock, assign_roles="roles", declare=f"subteam:{SRE}")
    declare(desk, by=None, source="alertmanager")
    with pytest.raises(Forbidden) as refused:
        desk.run(gate.assign, Actor(BOB), 1, Role.COMMANDER, [BOB])
    assert f"Nobody holds a role in INC-1 yet: members of <!subteam^{SRE}> may take command" in str(refused.value)
    desk.run(gate.assign, Actor(BOB, groups=frozenset({SRE})), 1, Role.COMMANDER, [BOB])
    assert holders(desk) == [("commander", BOB)]


def test_a_subteam_rule_for_roles_still_lets_its_members_assign(engine: Engine, clock: ManualClock) -> None:
    desk = desk_with(engine, clock, assign_roles=f"subteam:{SRE}")
    declare(desk, by=ALICE)
    with pytest.raises(Forbidden, match=rf"Only members of <!subteam\^{SRE}>"):
        desk.run(gate.assign, Actor(ALICE), 1, Role.SCRIBE, [BOB])  # commanding is not being in the group
    desk.run(gate.assign, Actor(CAROL, groups=frozenset({SRE})), 1, Role.SCRIBE, [BOB])
    assert holders(desk) == [("commander", ALICE), ("scribe", BOB)]
