"""The card with more role holders than one section holds."""

from __future__ import annotations

import re

from bot.slack.blocks.card import card
from bot.slack.blocks.kit import as_many_as_fit
from tests.slack.views import holder, incident, limit_violations, texts


def test_fifty_smes_show_what_fits_and_say_how_many_more() -> None:
    smes = tuple(holder("sme", f"U0SME{i:02d}", f"payments service, region {i}") for i in range(50))
    blocks = card(incident(roles=(holder("commander", "U0ALICE"), *smes)))

    shown = texts(blocks)
    listed = re.findall(r"<@U0SME(\d\d)> \(payments service, region \d+\)", shown)
    more = re.search(r"…and (\d+) more: `/incident roles` lists everyone", shown)
    assert limit_violations(blocks) == []
    assert more is not None, "the card says that holders were left out"
    assert [int(i) for i in listed] == list(range(len(listed)))  # whole lines, in order, none cut
    assert len(listed) + int(more.group(1)) == 50


def test_a_list_that_fits_has_no_note() -> None:
    assert as_many_as_fit(["a", "b"], 3, lambda n: f"+{n}") == "a\nb"
    assert as_many_as_fit(["a", "b", "c"], 4, lambda n: f"+{n}") == "a\n+2"
    assert as_many_as_fit(["aaaa", "b"], 3, lambda n: f"+{n}") == "+2"
