"""Channel names (bot/core/slug.py): what Slack accepts, from any title a person can type."""

from __future__ import annotations

import re

import pytest

from bot.core.slug import MAX_CHANNEL_NAME, channel_name, slugify

SLACK_NAME = re.compile(r"^[a-z0-9_-]{1,80}$")


def assert_valid(name: str) -> None:
    assert SLACK_NAME.match(name), name
    assert len(name) <= MAX_CHANNEL_NAME == 80


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Checkout is failing for EU customers", "inc-1-checkout-is-failing-for-eu-customers"),
        ("API 500s on /v2/Orders!!!", "inc-1-api-500s-on-v2-orders"),
        ("db_primary   down", "inc-1-db_primary-down"),
        ("--leading and trailing--", "inc-1-leading-and-trailing"),
        ("Café déjà vu in Zürich", "inc-1-cafe-deja-vu-in-zurich"),
        ("ＡＰＩ ｄｏｗｎ", "inc-1-api-down"),
        ("日本 region outage", "inc-1-region-outage"),
        ("<@U0BOB|bob> broke <#C0DEPLOY|deploys> again", "inc-1-broke-again"),
        ("<!here> login broken", "inc-1-login-broken"),
    ],
)
def test_channel_names(title: str, name: str) -> None:
    assert channel_name(1, title) == name
    assert_valid(name)


@pytest.mark.parametrize("title", ["🔥🔥🔥", "日本語", "!!! ???", "<@U0BOB|bob>", "___", "   ", "💥 <!channel> 🚒"])
def test_nothing_left_becomes_incident(title: str) -> None:
    assert channel_name(7, title) == "inc-7-incident"
    assert slugify(title) == "incident"


def test_names_are_lowercase() -> None:
    name = channel_name(3, "DATABASE Primary DOWN")
    assert name == name.lower() == "inc-3-database-primary-down"


def test_a_500_character_title_fits_80_characters() -> None:
    title = " ".join(["payments"] * 60)

    name = channel_name(12345, title)

    assert_valid(name)
    assert name.startswith("inc-12345-payments-payments")
    assert not name.endswith("-")
    assert "-payments-" in name and name.endswith("payments"), "cut on a word boundary"


def test_a_single_500_character_word_fits_80_characters() -> None:
    name = channel_name(1, "x" * 500)

    assert_valid(name)
    assert name == "inc-1-" + "x" * 74


@pytest.mark.parametrize("suffix", [1, 2, 19])
def test_the_suffix_is_kept_within_80_characters(suffix: int) -> None:
    name = channel_name(99999, "Checkout " * 60, suffix=suffix)

    assert_valid(name)
    assert name.endswith(f"-{suffix}")
    assert name.startswith("inc-99999-checkout")


def test_suffix_on_a_short_name() -> None:
    assert channel_name(4, "DB down", suffix=2) == "inc-4-db-down-2"


@pytest.mark.parametrize(
    "title",
    [
        "é" * 300,
        "a-" * 200,
        "a_" * 200,
        "x" * 73 + " " + "y" * 50,
        "Ünïcödé " * 40,
        "<@U1|a>" * 50 + " tail",
        "\u200b\u200bzero width\u200b",
        "tab\tnew\nline",
    ],
)
def test_any_title_gives_a_valid_name(title: str) -> None:
    for suffix in (0, 1, 20):
        assert_valid(channel_name(987654, title, suffix))
