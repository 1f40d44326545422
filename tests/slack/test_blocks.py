from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.core.policy import DEFAULT_POLICY, EscalationLevel
from bot.core.status import Status
from bot.slack import ids
from bot.slack.blocks import answers, modals
from bot.slack.blocks.card import card, topic
from bot.slack.blocks.kit import fit, section
from tests.slack.views import START, at, buttons, event, holder, incident, limit_violations, texts

OPEN_BUTTONS = ["Acknowledge", "Post update", "Assign role", "Resolve"]
WORST_TEXT = ("<&> " * 700)[:2500]  # every character escapes to four or five


def crowded(**fields):
    smes = tuple(holder("sme", f"U0SME{i:02d}", ("area-" * 40)[:200]) for i in range(20))
    others = (holder("deputy", "U0DEPUTY"), holder("scribe", "U0SCRIBE"), holder("comms", "U0COMMS"))
    return incident(
        title="T" * 200,
        summary=WORST_TEXT,
        impact=WORST_TEXT,
        resolution=WORST_TEXT,
        source_permalink="https://example.slack.com/archives/C0ALERTS/p1767603900000100",
        private=True,
        roles=(holder("commander", "U0ALICE"), *others, *smes),
        **fields,
    )


# -- the card ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(Status))
def test_card_stays_within_block_kit_limits_when_everything_is_long(status: Status) -> None:
    blocks = card(crowded(status=status, acknowledged_at=at(5), acknowledged_by="U0BOB"), channel_link=True)

    assert limit_violations(blocks) == []


def test_card_shows_the_incident() -> None:
    blocks = card(incident(number=42, title="Checkout is failing", severity="sev1", summary="EU only"))

    assert blocks[0]["type"] == "header"
    assert "INC-42" in blocks[0]["text"]["text"] and "Checkout is failing" in blocks[0]["text"]["text"]
    shown = texts(blocks)
    assert "SEV1" in shown
    assert "declared" in shown
    assert "<@U0ALICE>" in shown
    assert "EU only" in shown
    assert "not yet" in shown  # acknowledgement


def test_card_lists_every_role_holder_and_area() -> None:
    smes = tuple(holder("sme", f"U0SME{i:02d}", f"service-{i}") for i in range(20))
    blocks = card(incident(roles=(holder("commander", "U0ALICE"), holder("scribe", "U0SCRIBE"), *smes)))

    shown = texts(blocks)
    assert limit_violations(blocks) == []
    assert "<@U0SCRIBE>" in shown
    for i in range(20):
        assert f"<@U0SME{i:02d}> (service-{i})" in shown


def test_card_text_people_typed_cannot_ping_or_link() -> None:
    blocks = card(incident(summary="<!channel> see <https://evil.example|this>", impact="a & b"))

    shown = texts(blocks)
    assert "<!channel>" not in shown
    assert "&lt;!channel&gt;" in shown
    assert "a &amp; b" in shown


def test_card_buttons_while_open() -> None:
    blocks = card(incident(status=Status.DECLARED))

    assert buttons(blocks) == OPEN_BUTTONS
    actions = next(b for b in blocks if b["type"] == "actions")
    assert [e["action_id"] for e in actions["elements"]] == [
        ids.ACKNOWLEDGE,
        ids.POST_UPDATE,
        ids.ASSIGN_ROLE,
        ids.RESOLVE,
    ]
    assert {e["value"] for e in actions["elements"]} == {"1"}
    resolve = actions["elements"][-1]
    assert "confirm" in resolve


@pytest.mark.parametrize("status", [Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.IDENTIFIED, Status.MONITORING])
def test_no_acknowledge_button_once_acknowledged(status: Status) -> None:
    blocks = card(incident(status=status, acknowledged_at=at(3), acknowledged_by="U0BOB"))

    assert buttons(blocks) == ["Post update", "Assign role", "Resolve"]
    assert "<@U0BOB> after" in texts(blocks)


def test_a_resolved_card_offers_reopen_instead_of_resolve() -> None:
    blocks = card(incident(status=Status.RESOLVED, acknowledged_at=at(1), resolved_at=at(30), acknowledged_by="U0B"))

    assert buttons(blocks) == ["Post update", "Assign role", "Reopen"]


@pytest.mark.parametrize("status", [Status.CLOSED, Status.CANCELLED])
def test_an_ended_card_has_no_buttons(status: Status) -> None:
    assert buttons(card(incident(status=status, acknowledged_at=at(1), acknowledged_by="U0B"))) == []


def test_card_footer_says_private_and_cadence() -> None:
    shown = texts(card(incident(private=True, severity="sev4")))

    assert "private" in shown
    assert "no update cadence" in shown


def test_card_footer_shows_the_policy_targets_and_whether_anyone_is_paged() -> None:
    assert "SEV1: ack within 5m · updates every 20m · no escalation policy" in texts(card(incident(severity="sev1")))
    paging = replace(DEFAULT_POLICY, escalation=(EscalationLevel(("U0ONCALL",), timedelta(minutes=5)),))
    shown = texts(card(replace(incident(severity="sev2"), policy=paging)))
    assert "SEV2: ack within 15m · updates every 30m" in shown
    assert "no escalation policy" not in shown


def test_topic_fits_slack_topic_limit() -> None:
    value = topic(crowded())

    assert len(value) <= 250
    assert "INC-1" in value and "<@U0ALICE>" in value


# -- modals ------------------------------------------------------------------------------------


def all_modals(ref: str = "INC-99999") -> list[dict]:
    meta = {"number": 99999, "channel": "C0INC1", "response_url": "https://hooks.slack.test/" + "x" * 200}
    return [
        modals.declare_modal(DEFAULT_POLICY, "U0ALICE", meta, modals.DeclareForm(title="T" * 500, summary="S" * 5000)),
        modals.update_modal(ref, meta),
        modals.role_modal(ref, meta),
    ]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_modal_texts_fit_slack(index: int) -> None:
    view = all_modals()[index]

    for key in ("title", "submit", "close"):
        assert 1 <= len(view[key]["text"]) <= 24, (key, view[key]["text"])
    assert len(view["blocks"]) <= 100
    assert len(view["private_metadata"]) <= 3000
    json.loads(view["private_metadata"])
    for block in view["blocks"]:
        element = block["element"]
        if "initial_value" in element:
            assert len(element["initial_value"]) <= element["max_length"]


def test_modal_titles_show_the_whole_reference_for_inc_99999() -> None:
    _, update, role = all_modals("INC-99999")

    assert "INC-99999" in update["title"]["text"]
    assert "INC-99999" in role["title"]["text"]


def test_declare_modal_defaults_to_sev3_and_the_declarer() -> None:
    view = modals.declare_modal(DEFAULT_POLICY, "U0ALICE", {})
    by_id = {b["block_id"]: b["element"] for b in view["blocks"]}

    assert by_id[modals.SEVERITY]["initial_option"]["value"] == "sev3"
    assert by_id[modals.COMMANDER]["initial_user"] == "U0ALICE"
    assert by_id[modals.TITLE]["max_length"] == 200
    assert [o["value"] for o in by_id[modals.SEVERITY]["options"]] == ["sev1", "sev2", "sev3", "sev4"]


def test_modal_values_read_back_what_was_entered() -> None:
    state = {
        modals.TITLE: {modals.TITLE: {"type": "plain_text_input", "value": "DB down"}},
        modals.SEVERITY: {modals.SEVERITY: {"type": "static_select", "selected_option": {"value": "sev1"}}},
        modals.SUMMARY: {modals.SUMMARY: {"type": "plain_text_input", "value": None}},
        modals.COMMANDER: {modals.COMMANDER: {"type": "users_select", "selected_user": "U0BOB"}},
        modals.PRIVATE: {modals.PRIVATE: {"type": "checkboxes", "selected_options": [{"value": "private"}]}},
    }

    values = modals.values({"state": {"values": state}})

    assert values == {
        modals.TITLE: "DB down",
        modals.SEVERITY: "sev1",
        modals.SUMMARY: None,
        modals.COMMANDER: "U0BOB",
        modals.PRIVATE: ["private"],
    }


# -- the timeline answer -----------------------------------------------------------------------


def long_timeline(count: int = 600, length: int = 300):
    return [event(at(i), text=f"entry {i:04d} " + "x" * length) for i in range(count)]


def shown_entries(blocks) -> list[int]:
    return [int(n) for n in re.findall(r"entry (\d{4})", texts(blocks))]


def test_a_600_event_timeline_fits_one_message_and_says_what_it_shows() -> None:
    events = long_timeline()

    blocks = answers.timeline(incident(), events)

    assert limit_violations(blocks) == []
    note = blocks[-1]
    assert note["type"] == "context"
    match = re.search(r"Showing the latest (\d+) of 600", note["elements"][0]["text"])
    assert match, note
    shown = int(match.group(1))
    assert 0 < shown < 600
    assert shown_entries(blocks) == list(range(600 - shown, 600)), "the newest entries, oldest first, none cut"
    assert "incident-bot postmortem INC-1" in note["elements"][0]["text"]


def test_a_short_timeline_is_shown_whole_without_a_note() -> None:
    events = long_timeline(count=5, length=20)

    blocks = answers.timeline(incident(), events)

    assert shown_entries(blocks) == [0, 1, 2, 3, 4]
    assert "Showing" not in texts(blocks)


def test_timeline_of_a_single_day_shows_times_only() -> None:
    blocks = answers.timeline(incident(), [event(at(0), text="a"), event(at(90), text="b")])

    assert "`09:00`" in texts(blocks) and "`10:30`" in texts(blocks)
    assert "2026-01-05" not in texts(blocks)


def test_timeline_shows_dates_when_events_span_two_days() -> None:
    blocks = answers.timeline(incident(), [event(at(0), text="a"), event(START + timedelta(hours=16), text="b")])

    assert "`2026-01-05 09:00`" in texts(blocks)
    assert "`2026-01-06 01:00`" in texts(blocks)


def test_timeline_text_cannot_ping() -> None:
    blocks = answers.timeline(incident(), [event(at(0), text="<!channel> look")])

    assert "<!channel>" not in texts(blocks)
    assert "&lt;!channel&gt; look" in texts(blocks)


def test_timeline_with_entries_that_escape_to_more_than_a_section_stays_valid() -> None:
    """A pasted HTML or SQL snippet of 2500 characters grows when escaped for mrkdwn."""
    events = [event(at(0), text="first"), event(at(1), text=WORST_TEXT), event(at(2), text=WORST_TEXT)]

    blocks = answers.timeline(incident(), events)

    assert limit_violations(blocks) == []


def test_timeline_with_pins_links_the_message() -> None:
    pin = event(at(0), "pin", "Rollback done", permalink="https://example.slack.com/archives/C1/p1")

    assert "(<https://example.slack.com/archives/C1/p1|message>)" in texts(answers.timeline(incident(), [pin]))


# -- other answers -----------------------------------------------------------------------------


def test_listing_fits_with_many_incidents() -> None:
    many = [incident(number=n, title="T" * 200) for n in range(1, 501)]

    blocks = answers.listing(many)

    assert limit_violations(blocks) == []


def test_listing_when_there_is_nothing() -> None:
    assert "No open incidents" in texts(answers.listing([]))


def test_roles_answer_lists_every_role() -> None:
    text = answers.roles(incident(roles=(holder("commander", "U0ALICE"), holder("sme", "U0BOB", "db & cache"))))

    assert "*Incident commander*: <@U0ALICE>" in text
    assert "*Subject-matter expert*: <@U0BOB> (db &amp; cache)" in text
    assert "*Scribe*: _unassigned_" in text


def test_fit_marks_what_it_cuts() -> None:
    assert fit("abc", 3) == "abc"
    assert fit("abcd", 3) == "ab…"
    assert len(section("x" * 5000)["text"]["text"]) == 3000
