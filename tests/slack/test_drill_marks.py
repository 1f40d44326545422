"""The pure parts of drills on the Slack side: the `drill` flag, the DRILL mark on outgoing calls,
the declare form's checkbox; and the `[drills]` policy section."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.policy import DEFAULT_POLICY, PolicyError, load_policy
from bot.core.policy.describe import describe
from bot.slack.blocks.kit import section
from bot.slack.blocks.modals import DRILL, DeclareForm, declare_modal
from bot.slack.drill_mark import MARK_ID, PREFIX, marked, unmarked
from bot.slack.parsing import parse_declare


@pytest.mark.parametrize(
    ("typed", "title", "drill", "private", "severity"),
    [
        ("drill Database failover", "Database failover", True, False, "sev3"),
        ("sev1 drill private Failover", "Failover", True, True, "sev1"),
        ("private sev2 drill Failover", "Failover", True, True, "sev2"),
        ("Drill the database failover", "Drill the database failover", False, False, "sev3"),
        ("sev2 Checkout drill went wrong", "Checkout drill went wrong", False, False, "sev2"),
        ("drill", None, True, False, "sev3"),
    ],
)
def test_drill_is_a_flag_only_as_a_lowercase_word_before_the_title(typed, title, drill, private, severity) -> None:
    parsed = parse_declare(typed)
    assert (parsed.title, parsed.drill, parsed.private, parsed.severity) == (title, drill, private, severity)


def test_a_capitalised_drill_is_told_as_part_of_the_title() -> None:
    assert parse_declare("Drill the failover").misread_flag == "Drill"


def test_a_message_gets_the_mark_on_top_and_in_its_text_once() -> None:
    call = {"json": {"channel": "C1", "text": "INC-1: hello", "blocks": [section("hello", "event-1")]}}
    once = marked("chat.postMessage", call)
    assert once["json"]["blocks"][0]["block_id"] == MARK_ID and once["json"]["text"] == PREFIX + "INC-1: hello"
    assert marked("chat.update", once) == once, "marking twice changes nothing"
    assert unmarked(once["json"]["blocks"]) == call["json"]["blocks"]
    assert call["json"]["blocks"][0]["block_id"] == "event-1", "the caller's blocks are not changed"


def test_a_full_message_is_marked_in_its_first_block_within_the_block_limit() -> None:
    blocks = [section(f"line {i}") for i in range(50)]
    shown = marked("chat.postMessage", {"json": {"text": "x", "blocks": blocks}})["json"]["blocks"]
    assert len(shown) == 50 and shown[0]["text"]["text"] == PREFIX + "line 0"


def test_uploads_and_reads_are_marked_only_where_text_is_posted() -> None:
    upload = marked("files.completeUploadExternal", {"params": {"files": "[]", "initial_comment": "Postmortem"}})
    assert upload["params"]["initial_comment"] == PREFIX + "Postmortem"
    read = {"params": {"channel": "C1"}}
    assert marked("conversations.history", read) is read


def test_the_declare_form_offers_the_drill_checkbox_ticked_by_the_flag() -> None:
    def drill_block(form: DeclareForm) -> dict:
        view = declare_modal(DEFAULT_POLICY, "U0ALICE", {}, form)
        return next(b for b in view["blocks"] if b["block_id"] == DRILL)

    assert "initial_options" not in drill_block(DeclareForm())["element"]
    assert drill_block(DeclareForm(drill=True))["element"]["initial_options"][0]["value"] == DRILL


def test_the_drills_policy_section(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('[drills]\nchannel = "C0DRILLS"\npage_oncall = true\n')
    policy = load_policy(str(path))
    assert (policy.drills.channel, policy.drills.page_oncall) == ("C0DRILLS", True)
    assert '[drills]\nchannel = "C0DRILLS"\npage_oncall = true\n' in describe(policy)
    path.write_text('[drills]\nchannel = "#drills"\n')
    with pytest.raises(PolicyError, match=r"drills.channel: must be a channel ID such as C0DRILLS"):
        load_policy(str(path))
    path.write_text("[drills]\npage_on_call = true\n")
    with pytest.raises(PolicyError, match=r"drills.page_on_call: unknown key"):
        load_policy(str(path))
