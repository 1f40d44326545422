"""The templated Slack messages: every line stays a line of its own."""

from __future__ import annotations

import pytest

from bot.core.status import Status
from bot.rendering import TemplateSet
from bot.slack.messages import Messages
from tests.slack.views import at, event, incident

MESSAGES = Messages(TemplateSet())


def update_text(announce: bool, **fields) -> str:
    update = event(at(5), "update", "Rolled back the deploy", status="investigating", severity="sev1")
    blocks = MESSAGES.event(incident(severity="sev1", **fields), update, announce)
    return blocks[0]["text"]["text"]


def test_announced_update_keeps_the_cadence_and_the_channel_link_on_their_own_lines() -> None:
    lines = update_text(announce=True).splitlines()

    assert lines[-2].endswith("next update within 20m")
    assert lines[-1] == "Follow along in <#C0INC1>."


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.INVESTIGATING])
def test_update_in_the_channel_ends_with_the_commander_line(status: Status) -> None:
    lines = update_text(announce=False, status=status).splitlines()

    assert lines[-1].startswith("*Commander:* <@U0ALICE> · posted by <@U0BOB>")
    assert ("next update within" in lines[-1]) == (status == Status.INVESTIGATING)
