"""Block builders with outside text and links in them: what they show, what they drop."""

from __future__ import annotations

from datetime import timedelta

from bot.core.alerts.digest import Digest
from bot.slack.blocks.alerts import digest_text
from bot.slack.blocks.card import card, card_text
from bot.slack.blocks.kit import as_many_as_fit, mention
from tests.slack.views import START, event, incident, limit_violations, texts

BREAKOUT = "https://rb.example/x|Runbook> <!channel> ping <https://rb.example/y"


def test_an_empty_list_says_nothing_rather_than_and_0_more() -> None:
    assert as_many_as_fit([], 100, lambda n: f"…and {n} more") == ""
    assert "more" not in texts(card(incident()))


def test_only_slack_user_ids_become_mentions() -> None:
    assert mention("U0ALICE") == "<@U0ALICE>"
    assert mention("bob@example.com") == "bob@example.com"
    assert mention("U1> <!channel") == "U1&gt; &lt;!channel"
    assert mention(None) == "_nobody yet_"


def test_the_card_footer_keeps_real_links_and_drops_breakouts() -> None:
    links = {"Runbook": BREAKOUT, "Dashboard": "https://g.example/d?a=1&b=2", "JS": "javascript:alert(1)"}
    shown = texts(card(incident(links=links, source_permalink="https://x.slack.com/archives/C1/p1|<!here>")))
    assert "<https://g.example/d?a=1&amp;b=2|Dashboard>" in shown
    assert "Runbook" not in shown and "JS" not in shown and "source message" not in shown
    assert "<!channel>" not in shown and "<!here>" not in shown


def test_the_card_shows_the_impact_start_before_the_declare() -> None:
    blocks = card(incident(impact_started_at=START - timedelta(minutes=7)))
    shown = texts(blocks)
    assert shown.index("*Impact started*") < shown.index("*Declared*")
    assert f"<!date^{int((START - timedelta(minutes=7)).timestamp())}^" in shown
    assert limit_violations(blocks) == []


def test_the_card_fallback_text_is_escaped() -> None:
    assert card_text(incident(title="Pwn <!channel> *now*")) == "INC-1: Pwn &lt;!channel&gt; \u2217now\u2217"


def _digest(*counts: tuple[int, int]) -> Digest:
    events = tuple(event(START, "alert", "x", None, firing=f, resolved=r) for f, r in counts)
    return Digest(1, incident(), events, {}, (0, None))


def test_the_digest_fallback_is_a_sentence() -> None:
    assert digest_text(_digest((1, 0))) == "INC-1: 1 alert started firing"
    assert digest_text(_digest((2, 0), (1, 0))) == "INC-1: 3 alerts started firing"
    assert digest_text(_digest((0, 1))) == "INC-1: 1 alert resolved"
    assert digest_text(_digest((0, 2))) == "INC-1: 2 alerts resolved"
    assert digest_text(_digest((2, 0), (0, 1))) == "INC-1: 2 alerts started firing and 1 resolved"
