"""Properties of the one escape every outside text goes through on its way into Slack, and of the
one link check: for any input, nothing live comes out."""

from __future__ import annotations

import re

from hypothesis import assume, given
from hypothesis import strategies as st

from bot.slack.mrkdwn import LOOKALIKES, QUOTE_MARK, escape, link

# Text that looks like Slack markup, mixed with anything at all.
MARKUP = st.sampled_from(
    [
        "<",
        ">",
        "&",
        "|",
        "<!channel>",
        "<!here>",
        "<@U0BOB>",
        "<https://x.io|y>",
        "&lt;",
        "\n> ",
        "*",
        "_",
        "~",
        "`",
        "!",
        "@",
        "^",
        "#",
        " ",
        "a",
        "1",
        "\n",
        "&amp;",
        "<!subteam^S1>",
    ]
)
TEXT = st.lists(st.one_of(MARKUP, st.text(max_size=5)), max_size=30).map("".join)
ENTITY = re.compile(r"&(?!amp;|lt;|gt;)")
ALNUM = re.compile(r"[A-Za-z0-9]")


@given(TEXT)
def test_escaped_text_holds_no_live_token_and_no_live_formatting(text: str) -> None:
    shown = escape(text)
    assert "<" not in shown and ">" not in shown  # no mention, link, date or subteam token
    assert not ENTITY.search(shown)  # every & is an escape Slack undoes: nothing else is decoded
    for i, char in enumerate(shown):
        if char in "*_~`":  # kept only inside a word, where Slack formats nothing
            assert 0 < i < len(shown) - 1 and ALNUM.match(shown[i - 1]) and ALNUM.match(shown[i + 1])
    assert not any(line.lstrip(" \t").startswith("&gt;") for line in shown.split("\n"))  # no quote


@given(TEXT)
def test_escaped_text_shows_what_was_written(text: str) -> None:
    assume(not set(text) & {*LOOKALIKES.values(), QUOTE_MARK})
    shown = escape(text).replace(QUOTE_MARK, ">").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for char, lookalike in LOOKALIKES.items():
        shown = shown.replace(lookalike, char)
    assert shown == text  # Slack's unescaping gives back every character, formatting ones as lookalikes


@given(TEXT, TEXT)
def test_a_link_is_one_well_formed_token_or_nothing(url: str, label: str) -> None:
    for candidate in (url, f"https://{url}", f"http://rb.example/{url}"):
        shown = link(candidate, label)
        if shown is not None:
            assert re.fullmatch(r"<https?://[^\s|<>]+\|[^<>]*>", shown), shown
            assert shown.count("|") >= 1 and "<" not in shown[1:] and ">" not in shown[:-1]


def test_the_links_from_the_issue_are_dropped_and_real_ones_kept() -> None:
    assert link("https://rb.example/x|Runbook> <!channel> ping <https://rb.example/y", "Runbook") is None
    assert link("https://x.example/a|Dash> <!here> <https://x.example/b", "Dashboard") is None
    for bad in ("javascript:alert(1)", "slack://open", "https://", "https://h:99999/", "https://a b", "", None, 42):
        assert link(bad, "x") is None
    assert link("https://g.example/d?a=1&b=2", "*Dash*") == "<https://g.example/d?a=1&amp;b=2|\u2217Dash\u2217>"
    assert link("HTTPS://G.EXAMPLE/", "") == "<HTTPS://G.EXAMPLE/|link>"
