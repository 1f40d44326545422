from __future__ import annotations

import pytest

from bot.core import incidents, lifecycle, roles, staffing
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.errors import IllegalTransition, InvalidInput
from bot.core.postmortem import Postmortems
from bot.core.roles import SPAN_OF_CONTROL, Role, parse_role
from bot.core.tx import Tx
from bot.core.views import RoleHolder
from bot.rendering import TemplateSet
from tests.core.factory import ALICE, BOB, CAROL, DAVE, declare, events, outbox_rows


def history(desk: Desk, number: int = 1) -> list[RoleHolder]:
    def read(tx: Tx) -> list[RoleHolder]:
        row = tx.incident(number)
        assert row.id is not None
        return [RoleHolder.of(a) for a in roles.history(tx.session, row.id)]

    return desk.run(read)


def test_single_holder_role_replaces_and_keeps_history(desk: Desk, clock: ManualClock) -> None:
    declare(desk, by=ALICE)
    clock.advance(minutes=5)

    outcome = desk.run(staffing.assign, 1, Role.COMMANDER, BOB, CAROL)

    assert outcome.incident.commander == BOB
    assert [h.user_id for h in outcome.incident.holders(Role.COMMANDER)] == [BOB]
    old, new = history(desk)
    assert (old.user_id, old.relieved_at, old.relieved_by) == (ALICE, clock.now(), CAROL)
    assert (new.user_id, new.assigned_at, new.assigned_by, new.relieved_at) == (BOB, clock.now(), CAROL, None)
    assert outcome.event is not None
    assert outcome.event.data == {"role": "commander", "user": BOB, "area": None, "replaced": ALICE}


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.SCRIBE, Role.COMMS])
def test_every_command_role_has_one_holder(desk: Desk, role: Role) -> None:
    declare(desk)
    desk.run(staffing.assign, 1, role, BOB, ALICE)

    incident = desk.run(staffing.assign, 1, role, CAROL, ALICE).incident

    assert [h.user_id for h in incident.holders(role)] == [CAROL]
    assert [(h.user_id, h.relieved_by) for h in history(desk) if h.role == role] == [(BOB, ALICE), (CAROL, None)]


def test_several_smes_with_areas(desk: Desk) -> None:
    declare(desk)
    desk.run(staffing.assign, 1, Role.SME, BOB, ALICE, "database")
    desk.run(staffing.assign, 1, Role.SME, CAROL, ALICE, "  payments  ")
    incident = desk.run(staffing.assign, 1, Role.SME, DAVE, ALICE).incident

    smes = incident.holders(Role.SME)
    assert [(h.user_id, h.area) for h in smes] == [(BOB, "database"), (CAROL, "payments"), (DAVE, None)]
    assert incident.commander == ALICE


def test_assigning_the_same_person_twice_to_a_role_raises(desk: Desk) -> None:
    declare(desk, by=ALICE)
    desk.run(staffing.assign, 1, Role.SME, BOB, ALICE, "db")

    with pytest.raises(IllegalTransition, match="already sme"):
        desk.run(staffing.assign, 1, Role.SME, BOB, ALICE, "cache")
    with pytest.raises(IllegalTransition, match="already commander"):
        desk.run(staffing.assign, 1, Role.COMMANDER, ALICE, BOB)
    assert len(history(desk)) == 2


def test_one_person_may_hold_several_roles(desk: Desk) -> None:
    declare(desk, by=ALICE)

    incident = desk.run(staffing.assign, 1, Role.SCRIBE, ALICE, ALICE).incident

    assert {h.role for h in incident.roles if h.user_id == ALICE} == {"commander", "scribe"}


def test_relieve_removes_every_role_of_that_person(desk: Desk, clock: ManualClock) -> None:
    declare(desk, by=ALICE)
    desk.run(staffing.assign, 1, Role.SCRIBE, BOB, ALICE)
    desk.run(staffing.assign, 1, Role.SME, BOB, ALICE, "network")
    desk.run(staffing.assign, 1, Role.DEPUTY, CAROL, ALICE)
    clock.advance(minutes=15)

    outcome = desk.run(staffing.relieve, 1, BOB, ALICE)

    assert BOB not in outcome.incident.people
    assert outcome.incident.people == {ALICE, CAROL}
    relieved = [h for h in history(desk) if h.user_id == BOB]
    assert len(relieved) == 2
    assert all((h.relieved_at, h.relieved_by) == (clock.now(), ALICE) for h in relieved)
    assert outcome.event is not None
    assert (outcome.event.kind, outcome.event.actor) == ("role_relieved", ALICE)
    assert outcome.event.data == {"user": BOB, "roles": ["scribe", "sme"]}


def test_relieving_someone_without_a_role_is_invalid(desk: Desk) -> None:
    declare(desk, by=ALICE)
    before = len(events(desk, 1))

    with pytest.raises(InvalidInput, match="holds no role"):
        desk.run(staffing.relieve, 1, DAVE, ALICE)
    desk.run(staffing.relieve, 1, ALICE, ALICE)
    with pytest.raises(InvalidInput):
        desk.run(staffing.relieve, 1, ALICE, ALICE)
    assert len(events(desk, 1)) == before + 1


def test_span_of_control_notice_when_more_than_seven_hold_roles(desk: Desk) -> None:
    declare(desk, by=ALICE)  # the commander is the first person
    for i in range(1, SPAN_OF_CONTROL):
        outcome = desk.run(staffing.assign, 1, Role.SME, f"U0SME{i}", ALICE, f"area {i}")
        assert outcome.notice is None, f"no notice expected with {i + 1} people"
    assert len(outcome.incident.people) == SPAN_OF_CONTROL

    eighth = desk.run(staffing.assign, 1, Role.SME, "U0SME8", ALICE)

    assert eighth.notice is not None
    assert "8 people" in eighth.notice
    assert "Span of control" in eighth.notice
    assert len(eighth.incident.people) == 8


def test_span_of_control_counts_people_not_roles(desk: Desk) -> None:
    declare(desk, by=ALICE)
    for role in (Role.DEPUTY, Role.SCRIBE, Role.COMMS):
        desk.run(staffing.assign, 1, role, ALICE, ALICE)
    for i in range(4):
        outcome = desk.run(staffing.assign, 1, Role.SME, f"U0SME{i}", ALICE)
    outcome = desk.run(staffing.assign, 1, Role.SME, ALICE, ALICE)

    assert len(outcome.incident.people) == 5
    assert outcome.notice is None


def test_assign_enqueues_an_invite(desk: Desk) -> None:
    incident = declare(desk, by=ALICE).incident

    desk.run(staffing.assign, 1, Role.SME, BOB, ALICE, "db")

    invites = outbox_rows(desk, "invite")
    assert [(r["incident_id"], r["payload"]) for r in invites] == [(incident.id, {"users": [BOB]})]


def test_role_changes_are_recorded_with_actor(desk: Desk) -> None:
    declare(desk, by=ALICE)
    desk.run(staffing.assign, 1, Role.SME, BOB, CAROL, "db")

    event = events(desk, 1)[-1]
    assert (event.kind, event.actor, event.text) == ("role_assigned", CAROL, "sme")
    assert event.data["user"] == BOB and event.data["area"] == "db"


def test_roles_cannot_change_on_an_ended_incident(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.cancel, 1, ALICE)

    with pytest.raises(IllegalTransition, match="reopen"):
        desk.run(staffing.assign, 1, Role.SME, BOB, ALICE)

    declare(desk, "Second")
    desk.run(lifecycle.resolve, 2, ALICE)
    desk.run(lifecycle.close, 2, ALICE, Postmortems(TemplateSet()))
    with pytest.raises(IllegalTransition):
        desk.run(staffing.assign, 2, Role.SME, BOB, ALICE)
    assert desk.run(incidents.get, 2).people == {ALICE}


def test_parse_role_accepts_aliases_and_names_the_choices() -> None:
    assert parse_role("IC") == Role.COMMANDER
    assert parse_role(" Scribe ") == Role.SCRIBE
    assert parse_role("communications") == Role.COMMS
    with pytest.raises(InvalidInput, match="commander, deputy, scribe, comms, sme"):
        parse_role("boss")


def test_several_smes_are_assigned_together_or_not_at_all(desk: Desk) -> None:
    declare(desk, by=ALICE)
    outcome = desk.run(staffing.assign_all, 1, Role.SME, [BOB, CAROL], ALICE, " kafka\x00 brokers ")
    assert [(h.user_id, h.area) for h in outcome.incident.holders(Role.SME)] == [
        (BOB, "kafka brokers"),
        (CAROL, "kafka brokers"),
    ]
    with pytest.raises(IllegalTransition, match="already sme"):
        desk.run(staffing.assign_all, 1, Role.SME, [DAVE, BOB], ALICE)
    assert DAVE not in desk.run(incidents.get, 1).people


@pytest.mark.parametrize(("area", "stored"), [("\u200b\x00", None), ("db\nshard\t3", "db shard 3")])
def test_the_sme_area_is_one_clean_line(desk: Desk, area: str, stored: str | None) -> None:
    declare(desk, by=ALICE)
    outcome = desk.run(staffing.assign, 1, Role.SME, BOB, ALICE, area)
    assert outcome.incident.holders(Role.SME)[0].area == stored
    with pytest.raises(InvalidInput, match="201 characters"):
        desk.run(staffing.assign, 1, Role.SME, CAROL, ALICE, "a" * 201)
