"""The `/incident stats` answer's builder: within Slack's limits however many repeats there are,
names only what the person may see, and escapes labels that came from alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.policy import DEFAULT_POLICY
from bot.core.stats import ALERT_GROUP, SERVICE, KeyTimeFigure, Named, Period, Rate, Repeat, Stats
from bot.slack.blocks import stats
from bot.slack.blocks.kit import SECTION_LIMIT
from tests.support.harness import blocks_text

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _named(number: int, private: bool = False) -> Named:
    return Named(number, private, f"C{number}", None, frozenset())


def _stats(repeats: list[Repeat]) -> Stats:
    minute = KeyTimeFigure.of(1, 60.0, 60.0, 2)
    return Stats(
        Period("30d", 30), NOW - timedelta(days=30), NOW, {"sev1": 2, "sev2": 0, "sev3": 0, "sev4": 0},
        minute, Rate(1, 1), minute, Rate(0, 0), Rate(0, 0), repeats,
    )  # fmt: skip


def _text(blocks: list[dict]) -> str:
    return blocks_text(blocks)


def test_figures_read_as_written_in_the_issue() -> None:
    figures = _stats([])
    figures = Stats(**{**figures.__dict__, "acknowledge": KeyTimeFigure.of(3, 163.333, 180.0, 14)})
    shown = _text(stats.stats(figures, DEFAULT_POLICY.severities, set()))
    assert "*Time to acknowledge (MTTA)*: 2m 43s (median 3m) over 3 of 14" in shown
    assert "*Postmortems done*: no resolved or closed incidents yet" in shown
    assert "*2* in all · 🔴 SEV1: 2 · 🟠 SEV2: 0" in shown


def test_a_long_chain_names_its_latest_incidents_and_counts_the_rest() -> None:
    chain = Repeat(SERVICE, "checkout", 30, tuple(_named(n) for n in range(23, 31)))  # the core gives the latest 8
    shown = _text(stats.stats(_stats([chain]), DEFAULT_POLICY.severities, set()))
    latest = ", ".join(f"INC-{n}" for n in range(23, 31))
    assert f"• service *checkout*: {latest} (and 22 before them)" in shown


def test_private_incidents_are_named_only_when_shown() -> None:
    chain = Repeat(ALERT_GROUP, "High error rate", 3, (_named(1), _named(2, private=True), _named(3, private=True)))
    outsider = _text(stats.stats(_stats([chain]), DEFAULT_POLICY.severities, set()))
    assert "• alert group *High error rate*: INC-1 and 2 private incidents" in outsider
    member = _text(stats.stats(_stats([chain]), DEFAULT_POLICY.severities, {2}))
    assert "• alert group *High error rate*: INC-1, INC-2 and 1 private incident" in member


def test_a_repeat_of_only_hidden_incidents_is_counted_not_shown() -> None:
    hidden = Repeat(SERVICE, "vault", 2, (_named(1, private=True), _named(2, private=True)))
    shown = _text(stats.stats(_stats([hidden]), DEFAULT_POLICY.severities, set()))
    assert "vault" not in shown and "INC-" not in shown
    assert "1 more repeats involve only private incidents you are not in." in shown


def test_many_repeats_stay_within_limits_and_say_what_is_left_out() -> None:
    label = "<!channel> " + "x" * 300
    repeats = [Repeat(SERVICE, f"{label}{n}", 40, tuple(_named(n * 100 + k) for k in range(8))) for n in range(200)]
    blocks = stats.stats(_stats(repeats), DEFAULT_POLICY.severities, set())
    assert len(blocks) <= 50 and all(len(b["text"]["text"]) <= SECTION_LIMIT for b in blocks if "text" in b)
    shown = _text(blocks)
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown
    assert "190 smaller repeats are not listed" in shown


def test_no_incidents_is_one_short_section() -> None:
    empty = Stats(**{**_stats([]).__dict__, "by_severity": {"sev1": 0, "sev2": 0, "sev3": 0, "sev4": 0}})
    assert _text(stats.stats(empty, DEFAULT_POLICY.severities, set())).endswith("None. 🎉")
