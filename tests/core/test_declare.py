from __future__ import annotations

import pytest

from bot.core import incidents
from bot.core.desk import Desk
from bot.core.errors import InvalidInput
from bot.core.incidents import MAX_TITLE, DeclareRequest
from bot.core.roles import Role
from bot.core.status import Status
from tests.core.factory import ALICE, BOB, declare, events, outbox_rows
from tests.support.concurrency import all_at_once


def test_numbers_are_sequential(desk: Desk) -> None:
    numbers = [declare(desk, f"Incident {i}").incident.number for i in range(3)]

    assert numbers == [1, 2, 3]
    assert [desk.run(incidents.get, n).ref for n in numbers] == ["INC-1", "INC-2", "INC-3"]


def test_concurrent_declares_never_share_a_number(desk: Desk) -> None:
    threads_count = 8
    numbers = all_at_once(
        threads_count, lambda i: declare(desk, f"Concurrent incident {i}", by=f"U0USER{i}").incident.number
    )

    assert sorted(numbers) == list(range(1, threads_count + 1))
    titles = {desk.run(incidents.get, n).title for n in numbers}
    assert titles == {f"Concurrent incident {i}" for i in range(threads_count)}


def test_request_key_makes_a_repeated_declare_return_the_same_incident(desk: Desk) -> None:
    first = declare(desk, "Checkout is failing", request_key="trigger:123")
    again = declare(desk, "Checkout is failing", request_key="trigger:123")
    other = declare(desk, "Checkout is failing", request_key="trigger:456")

    assert again.incident.number == first.incident.number == 1
    assert again.notice == "already declared"
    assert other.incident.number == 2
    assert len(outbox_rows(desk, "setup_channel")) == 2
    assert len(events(desk, 1)) == 1


def test_concurrent_declares_with_the_same_request_key_declare_once(desk: Desk) -> None:
    numbers = all_at_once(4, lambda _: declare(desk, "Double submit", request_key="view:V1").incident.number)

    assert numbers == [1, 1, 1, 1]
    assert len(outbox_rows(desk, "setup_channel")) == 1


def test_commander_defaults_to_the_declarer(desk: Desk) -> None:
    incident = declare(desk, by=ALICE).incident

    assert incident.commander == ALICE
    holder = incident.holder(Role.COMMANDER)
    assert holder is not None and holder.assigned_by == ALICE


def test_the_declarer_can_name_another_commander(desk: Desk) -> None:
    incident = declare(desk, by=ALICE, commander=BOB).incident

    assert incident.commander == BOB
    assert [r.user_id for r in incident.roles] == [BOB]
    invite = outbox_rows(desk, "setup_channel")[0]["payload"]["invite"]
    assert sorted(invite) == [ALICE, BOB]


def test_alert_declared_incident_has_no_commander(desk: Desk) -> None:
    incident = declare(desk, "HighErrorRate on checkout", by=None, source="alert").incident

    assert incident.commander is None
    assert incident.roles == ()
    event = events(desk, incident.number)[0]
    assert event.source == "alert"
    assert event.data["commander"] is None


@pytest.mark.parametrize("title", ["", "   ", "\n\t ", "\u200b\u200b\u200b", "\x00", "\ufeff\u2060 \u200d"])
def test_empty_title_is_invalid(desk: Desk, title: str) -> None:
    with pytest.raises(InvalidInput, match="title"):
        declare(desk, title)
    assert outbox_rows(desk) == []


def test_title_over_200_characters_is_invalid_and_says_how_long_it_is(desk: Desk) -> None:
    with pytest.raises(InvalidInput) as raised:
        declare(desk, "x" * (MAX_TITLE + 1))

    assert "201" in str(raised.value)
    assert "200" in str(raised.value)
    with pytest.raises(InvalidInput, match="250"):
        declare(desk, "y" * 250)
    assert outbox_rows(desk) == []


def test_title_of_exactly_200_characters_is_accepted(desk: Desk) -> None:
    incident = declare(desk, "z" * MAX_TITLE).incident

    assert incident.title == "z" * MAX_TITLE


def test_title_whitespace_is_trimmed_and_collapsed(desk: Desk) -> None:
    incident = declare(desk, "  Checkout \n  is   failing  ").incident

    assert incident.title == "Checkout is failing"


def test_nul_and_invisible_characters_never_reach_either_database(desk: Desk) -> None:
    incident = declare(desk, "DB\x00 down\u200b", summary="EU\x00 only\ud800").incident
    assert (incident.title, incident.summary) == ("DB down", "EU only")
    assert declare(desk, "Other", summary="\u200b \x00").incident.summary is None
    assert events(desk, 1)[0].text == "DB down"


def test_declare_starts_declared_with_the_requested_severity(desk: Desk, clock) -> None:
    incident = declare(desk, severity="sev1", private=True, summary="EU only").incident

    assert incident.status == Status.DECLARED
    assert incident.severity == "sev1"
    assert incident.private is True
    assert incident.summary == "EU only"
    assert incident.declared_at == clock.now()
    assert incident.acknowledged_at is None


def test_declared_event_is_recorded(desk: Desk, clock) -> None:
    declare(desk, "Checkout is failing", severity="sev2")

    (event,) = events(desk, 1)
    assert event.kind == "declared"
    assert event.actor == ALICE
    assert event.text == "Checkout is failing"
    assert event.source == "slack"
    assert event.at == clock.now()
    assert event.data["severity"] == "sev2"
    assert event.data["commander"] == ALICE


def test_declare_queues_the_channel_setup(desk: Desk) -> None:
    incident = declare(desk, by=ALICE, reply_to="https://hooks.slack.test/r/1").incident

    rows = outbox_rows(desk)
    setup = [r for r in rows if r["kind"] == "setup_channel"]
    assert len(setup) == 1
    assert setup[0]["incident_id"] == incident.id
    assert setup[0]["payload"] == {"invite": [ALICE], "reply_to": "https://hooks.slack.test/r/1"}


def test_rejected_declare_takes_no_number(desk: Desk) -> None:
    with pytest.raises(InvalidInput):
        declare(desk, " ")

    assert declare(desk, "Real one").incident.number == 1


def test_declare_request_defaults_to_sev3() -> None:
    assert DeclareRequest(title="t", declared_by=ALICE).severity == "sev3"


@pytest.mark.parametrize("severity", ["sev9", "critical", ""])
def test_an_unknown_severity_is_refused_before_anything_is_stored(desk: Desk, severity: str) -> None:
    """Alert routes and modal payloads reach the core without the command parser: the core itself
    must refuse a level it cannot render (every card, list and postmortem looks the level up)."""
    with pytest.raises(InvalidInput, match="sev1, sev2, sev3, sev4"):
        declare(desk, severity=severity)

    assert outbox_rows(desk) == []


def test_severity_is_normalised_on_declare(desk: Desk) -> None:
    incident = declare(desk, severity="SEV1").incident

    assert incident.severity == "sev1"
    assert incident.level.label == "SEV1"
