"""`/incident action` arguments, parsed without any server: the owner and the due date are read
from the end, in either order; everything before them is the text, mentions in it included."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.errors import InvalidInput
from bot.slack.features.actions import ActionArgs, parse_action
from bot.slack.parsing import Mention


@pytest.mark.parametrize(
    ("args", "parsed"),
    [
        ("Fix it", ActionArgs("Fix it")),
        ("Fix it <@U0BOB|bob>", ActionArgs("Fix it", Mention(user_id="U0BOB"))),
        ("Fix it @bob DUE 2026-12-10", ActionArgs("Fix it", Mention(name="bob"), date(2026, 12, 10))),
        ("Fix it due 2026-12-10 <@U0BOB>", ActionArgs("Fix it", Mention(user_id="U0BOB"), date(2026, 12, 10))),
        ("Ask <@U0BOB|bob> about logs", ActionArgs("Ask @bob about logs")),
        ("Alerts due to disk pressure", ActionArgs("Alerts due to disk pressure")),
        ("Fix &lt;this&gt;\n  now", ActionArgs("Fix <this> now")),
    ],
)
def test_the_grammar(args: str, parsed: ActionArgs) -> None:
    assert parse_action(args) == parsed


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ("", "is empty"),
        ("@bob", "is empty"),
        ("Fix due 2026-13-01", "not a date in the calendar"),
        ("Fix due 2026-1-5", "write it as YYYY-MM-DD"),
        ("Fix <#C1|general>", "is not a person"),
        ("Fix <@U0BOB> <@U0CAROL>", "Name one owner only"),
    ],
)
def test_bad_arguments(args: str, said: str) -> None:
    with pytest.raises(InvalidInput, match=said):
        parse_action(args)
