"""Severities, statuses and the sentences events are told in: the pure vocabulary of the core."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.errors import IllegalTransition, InvalidInput
from bot.core.narrative import Voice, describe
from bot.core.notify import SURFACES
from bot.core.severity import DEFAULT_LEVELS, DEFAULT_SEVERITY, LEVELS, parse_severity
from bot.core.status import OPEN, SETTABLE, Status, parse_status, require_open
from bot.core.views import EventView


@pytest.mark.parametrize(("raw", "key"), [("sev1", "sev1"), ("SEV2", "sev2"), (" 3 ", "sev3"), ("Sev4", "sev4")])
def test_parse_severity(raw: str, key: str) -> None:
    assert parse_severity(raw) == key


@pytest.mark.parametrize("raw", ["sev5", "0", "5", "", "high", "sev-1"])
def test_parse_severity_names_the_choices(raw: str) -> None:
    with pytest.raises(InvalidInput, match="sev1, sev2, sev3, sev4"):
        parse_severity(raw)


def test_default_levels_follow_the_design() -> None:
    """The defaults docs/policy.example.toml spells out for each severity."""
    table = {key: (lvl.label, lvl.ack_within, lvl.update_every, lvl.page) for key, lvl in DEFAULT_LEVELS.items()}

    assert table == {
        "sev1": ("SEV1", timedelta(minutes=5), timedelta(minutes=20), True),
        "sev2": ("SEV2", timedelta(minutes=15), timedelta(minutes=30), True),
        "sev3": ("SEV3", timedelta(hours=4), timedelta(hours=2), False),
        "sev4": ("SEV4", timedelta(days=1), None, False),
    }
    assert DEFAULT_SEVERITY == "sev3"
    assert tuple(DEFAULT_LEVELS) == LEVELS


@pytest.mark.parametrize("raw", ["investigating", "Identified", " monitoring ", "RESOLVED"])
def test_parse_status_accepts_what_people_may_set(raw: str) -> None:
    assert parse_status(raw).value == raw.strip().lower()


@pytest.mark.parametrize("raw", ["declared", "acknowledged", "closed", "cancelled", "fixed", ""])
def test_parse_status_refuses_the_rest_and_shows_the_usage(raw: str) -> None:
    with pytest.raises(InvalidInput, match=r"/incident status investigating\|identified\|monitoring\|resolved"):
        parse_status(raw)


def test_open_statuses() -> None:
    assert {s.value for s in OPEN} == {"declared", "acknowledged", "investigating", "identified", "monitoring"}
    assert set(SETTABLE) == {Status.INVESTIGATING, Status.IDENTIFIED, Status.MONITORING, Status.RESOLVED}


def test_require_open_says_how_to_continue() -> None:
    require_open(Status.MONITORING, "do it")
    for ended in (Status.RESOLVED, Status.CLOSED, Status.CANCELLED):  # each of them reopens
        with pytest.raises(IllegalTransition, match="Reopen it first"):
            require_open(ended, "do it")


SAMPLE_DATA = {
    "declared": {"severity": "sev2"},
    "severity": {"from": "sev3"},
    "role_assigned": {"role": "sme", "user": "U0BOB", "area": "db", "replaced": None},
    "role_relieved": {"user": "U0BOB", "roles": ["sme"]},
    "pin": {"ts": "1.2", "permalink": None, "pinned_by": "U0ALICE"},
    "update": {"status": "identified", "severity": "sev2"},
    "paged": {"level": 1, "targets": ["U0BOB", "bob@example.com"]},
    "oncall_fallback": {"schedule": "primary", "fallback": ["U0BOB", "bob@example.com"]},
    "escalation_exhausted": {"levels": 3},
    "postmortem_draft": {"version": 2},
    "handoff": {
        "from": "U0ALICE",
        "to": "U0BOB",
        "status": "investigating",
        "severity": "sev2",
        "open_seconds": 3700,
        "roles": [["commander", "U0BOB"]],
        "last_update": {"actor": "U0ALICE", "text": "rolling back"},
        "recent": [
            {
                "id": 3,
                "at": "2026-01-05T09:10:00+00:00",
                "kind": "note",
                "actor": "U0ALICE",
                "source": "slack",
                "text": "db is hot",
                "data": "{}",
            }
        ],
    },
    "action_added": {"item": 12, "owner": "U0BOB", "due": "2026-12-10"},
    "action_done": {"item": 12, "owner": "U0BOB"},
    "action_reassigned": {"item": 12, "from": "U0BOB", "to": "U0CAROL"},
    "runbook_attached": {"runbook": 1, "name": "checkout", "steps": 7, "reason": "by hand"},
    "runbook_step": {"runbook": 1, "step": 2, "done": True, "title": "Checkout rollback"},
}
BY_THE_BOT = {"escalation_exhausted", "oncall_fallback"}  # told in the bot's own voice, with no actor


@pytest.mark.parametrize("kind", sorted(SURFACES))
def test_every_event_kind_can_be_told(kind: str) -> None:
    event = EventView(
        1, datetime(2026, 1, 5, 9, tzinfo=UTC), kind, "U0ALICE", "slack", "text", SAMPLE_DATA.get(kind, {})
    )

    sentence = describe(event, Voice(name=lambda user: f"[{user}]"))

    assert sentence.startswith("[U0ALICE]") or kind in BY_THE_BOT


@pytest.mark.parametrize(
    ("marks", "told"),
    [
        ({}, "[U0BOB] (pinned): df 99%"),
        ({"edited_at": "t", "original_text": "df 98%"}, "[U0BOB] (pinned): df 99% (edited)"),
        ({"deleted_at": "t"}, "[U0BOB] (pinned): df 99% (deleted in Slack)"),
        ({"withdrawn_at": "t"}, "[U0BOB] (pinned): df 99% (withdrawn)"),
        ({"edited_at": "t", "withdrawn_at": "t"}, "[U0BOB] (pinned): df 99% (edited) (withdrawn)"),
    ],
)
def test_a_pin_says_what_became_of_its_message(marks: dict, told: str) -> None:
    data = {**SAMPLE_DATA["pin"], **marks}
    pin = EventView(1, datetime(2026, 1, 5, 9, tzinfo=UTC), "pin", "U0BOB", "slack", "df 99%", data)

    assert describe(pin, Voice(name=lambda user: f"[{user}]")) == told


def test_sentences_quote_what_people_typed() -> None:
    note = EventView(1, datetime(2026, 1, 5, 9, tzinfo=UTC), "note", None, "slack", "<b>", {})

    assert describe(note, Voice(name=lambda user: user or "the bot", quote=str.upper)) == "the bot: <B>"
