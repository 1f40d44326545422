"""Who a role command names: one person for the single-holder roles, several for SMEs, and no
word ever dropped without saying so."""

from __future__ import annotations

import re

import pytest

from bot.core.errors import InvalidInput
from bot.slack.parsing import Mention, PeopleArgs, parse_people, parse_person

BOB, CAROL = Mention(user_id="U0BOB"), Mention(user_id="U0CAROL")
USAGE, SME = "commander <@user>", "sme <@user> [<@user>…] [area]"


@pytest.mark.parametrize(
    ("args", "who"),
    [
        ("<@U0BOB|bob>", BOB),
        ("  <@U0BOB>  ", BOB),
        ("<@U0BOB|bob smith>", BOB),
        ("@bob", Mention(name="bob")),
        ("@bob.baker\n", Mention(name="bob.baker")),
        ("\u200b<@U0BOB|bob>\x00", BOB),
    ],
)
def test_parse_person_takes_exactly_one_person(args: str, who: Mention) -> None:
    assert parse_person(args, USAGE) == who


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ("@bob and carol too", "“and carol too”"),
        ("<@U0BOB|bob> please", "“please”"),
        ("<@U0BOB|bob> &lt;now&gt;", "“&lt;now&gt;”"),  # quoted literally, safe in mrkdwn
    ],
)
def test_parse_person_refuses_extra_words_instead_of_dropping_them(args: str, words: str) -> None:
    with pytest.raises(InvalidInput, match="name one person only") as raised:
        parse_person(args, USAGE)
    assert words in str(raised.value)


@pytest.mark.parametrize("args", ["<@U0BOB|bob> <@U0CAROL|carol>", "@bob @carol", "@bob <@U0CAROL> x"])
def test_parse_person_refuses_several_people(args: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape("Name one person only, e.g. `commander <@user>`")):
        parse_person(args, USAGE)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("", "Say who: `commander <@user>`"),
        ("   ", "Say who"),
        ("bob", "`bob` is not a person"),
        ("carol @bob", "`carol` is not a person"),
        ("<#C0GENERAL|general>", "`#general` is not a person"),
        ("&lt;!channel&gt;", "`&lt;!channel&gt;` is not a person"),
        ("@bob,", "`@bob,` is not a person"),
    ],
)
def test_parse_person_says_what_is_wrong(args: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        parse_person(args, USAGE)


@pytest.mark.parametrize(
    ("args", "parsed"),
    [
        ("<@U0BOB|bob>", PeopleArgs((BOB,))),
        ("<@U0BOB|bob> payments &amp; billing", PeopleArgs((BOB,), "payments & billing")),
        ("<@U0BOB|bob>   payments & billing  ", PeopleArgs((BOB,), "payments & billing")),
        ("<@U0BOB|bob> <@U0CAROL|carol>", PeopleArgs((BOB, CAROL))),
        ("@a @b @c", PeopleArgs((Mention(name="a"), Mention(name="b"), Mention(name="c")))),
        ("@a @b @c database", PeopleArgs((Mention(name="a"), Mention(name="b"), Mention(name="c")), "database")),
        ("<@U0BOB> <@U0BOB|bob> kafka", PeopleArgs((BOB,), "kafka")),  # named twice: once
        ("<@U0BOB> mail@example.com relay", PeopleArgs((BOB,), "mail@example.com relay")),
        ("<@U0BOB> db @ scale", PeopleArgs((BOB,), "db @ scale")),
        ("<@U0BOB> kafka\x00\nbrokers", PeopleArgs((BOB,), "kafka brokers")),
        ("<@U0BOB> \u200b", PeopleArgs((BOB,))),
    ],
)
def test_parse_people_takes_several_smes_and_an_area(args: str, parsed: PeopleArgs) -> None:
    assert parse_people(args, SME) == parsed


@pytest.mark.parametrize("args", ["@a database @b", "<@U0BOB> kafka <@U0CAROL|carol>", "@a db and @b"])
def test_parse_people_refuses_a_person_inside_the_area(args: str) -> None:
    with pytest.raises(InvalidInput, match="Name the people first, then the area"):
        parse_people(args, SME)


@pytest.mark.parametrize("args", ["", "database @a", "kafka"])
def test_parse_people_needs_a_person_first(args: str) -> None:
    with pytest.raises(InvalidInput, match=r"Say who|is not a person"):
        parse_people(args, SME)


def test_parse_people_bounds_the_area_in_the_ack() -> None:
    assert parse_people("@a " + "x" * 200, SME).area == "x" * 200
    with pytest.raises(InvalidInput, match="The area is 201 characters long"):
        parse_people("@a " + "x" * 201, SME)
