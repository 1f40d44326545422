from __future__ import annotations

import pytest

from bot.core.errors import InvalidInput
from bot.slack.parsing import (
    DeclareArgs,
    Mention,
    escape,
    parse_declare,
    parse_mention,
    parse_text,
    plain_text,
    split_first,
)


@pytest.mark.parametrize(
    ("slack", "typed"),
    [
        ("<@U0ALICE|alice> is on it", "@alice is on it"),
        ("<@U0ALICE> is on it", "@U0ALICE is on it"),
        ("<@W0ENT|ent.user>", "@ent.user"),
        ("see <#C0INC1|inc-1-db>", "see #inc-1-db"),
        ("see <#C0INC1>", "see #C0INC1"),
        ("<https://status.example.com|status page> is red", "status page is red"),
        ("<https://status.example.com> is red", "https://status.example.com is red"),
        ("<mailto:ops@example.com|ops@example.com>", "ops@example.com"),
        ("ping <!here>", "ping here"),
        ("ping <!subteam^S0SRE|@sre>", "ping @sre"),
        ("a &lt;b&gt; &amp; c", "a <b> & c"),
        ("p99 &gt; 2s &amp;&amp; errors &lt; 1%", "p99 > 2s && errors < 1%"),
        ("&amp;lt; stays escaped once", "&lt; stays escaped once"),
        ("`SELECT * FROM t WHERE a &lt;&gt; b`", "`SELECT * FROM t WHERE a <> b`"),
        ("no markup at all", "no markup at all"),
        ("", ""),
    ],
)
def test_plain_text_turns_slack_markup_into_what_was_typed(slack: str, typed: str) -> None:
    assert plain_text(slack) == typed


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a < b > c & d", "a &lt; b &gt; c &amp; d"),
        ("<!channel>", "&lt;!channel&gt;"),
        ("<@U0ALICE>", "&lt;@U0ALICE&gt;"),
        ("&lt;", "&amp;lt;"),
        ("plain", "plain"),
    ],
)
def test_escape_makes_text_literal_in_mrkdwn(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


@pytest.mark.parametrize("raw", ["x < y && z > w", "<@U1|bob> & <#C1>", "&amp; &lt;"])
def test_escape_round_trips_through_plain_text(raw: str) -> None:
    assert plain_text(escape(raw)) == raw


@pytest.mark.parametrize(
    ("token", "mention"),
    [
        ("<@U0BOB|bob>", Mention(user_id="U0BOB")),
        ("<@U0BOB>", Mention(user_id="U0BOB")),
        ("<@W0ENTERPRISE|someone>", Mention(user_id="W0ENTERPRISE")),
        ("@bob", Mention(name="bob")),
        ("@bob.baker", Mention(name="bob.baker")),
        ("@bob-baker_2", Mention(name="bob-baker_2")),
    ],
)
def test_parse_mention(token: str, mention: Mention) -> None:
    assert parse_mention(token) == mention


@pytest.mark.parametrize("token", ["bob", "<#C0INC1|general>", "<!here>", "@", "<@U0BOB", "U0BOB", "@bob,"])
def test_parse_mention_rejects_anything_that_is_not_a_person(token: str) -> None:
    with pytest.raises(InvalidInput, match="not a person") as raised:
        parse_mention(token)
    assert "@alice" in str(raised.value)


def test_parse_mention_error_shows_the_token_as_typed() -> None:
    with pytest.raises(InvalidInput, match="`#general` is not a person"):
        parse_mention("<#C0INC1|general>")


def test_parse_text_requires_some_text() -> None:
    assert parse_text("  rolled &lt;back&gt; ", "The note", "note <text>") == "rolled <back>"
    with pytest.raises(InvalidInput, match="note <text>"):
        parse_text("  ", "The note", "note <text>")


@pytest.mark.parametrize("args", ["\u200b\u200b", "\x00", " \u2060\ufeff ", "\u200d", "\u3164\u3164"])
def test_parse_text_refuses_invisible_text_before_the_ack(args: str) -> None:
    with pytest.raises(InvalidInput, match="The note is missing"):
        parse_text(args, "The note", "note <text>")


def test_parse_text_is_cleaned_and_bounded_as_the_core_stores_it() -> None:
    assert parse_text("db\x00 is\u200b back\r\nline two", "The note", "note <text>") == "db is back\nline two"
    with pytest.raises(InvalidInput, match="2501 characters"):
        parse_text("n" * 2501, "The note", "note <text>")


def test_split_first() -> None:
    assert split_first("  status   identified now ") == ("status", "identified now")
    assert split_first("ack") == ("ack", "")
    assert split_first("   ") == ("", "")


@pytest.mark.parametrize(
    "args",
    [
        "sev2 private Checkout is failing",
        "private sev2 Checkout is failing",
        "  sev2   private   Checkout   is failing ",
        "sev2\tprivate\nCheckout is failing",
        "private private sev1 sev2 Checkout is failing",  # repeated flags: the last level wins
    ],
)
def test_parse_declare_flags_in_any_order(args: str) -> None:
    assert parse_declare(args) == DeclareArgs("Checkout is failing", "sev2", True)


def test_parse_declare_defaults() -> None:
    assert parse_declare("Checkout is failing") == DeclareArgs("Checkout is failing", "sev3", False)
    assert parse_declare("Checkout is failing", default_severity="sev4").severity == "sev4"
    assert parse_declare("sev1 Checkout is failing") == DeclareArgs("Checkout is failing", "sev1", False)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("Private beta signup broken", DeclareArgs("Private beta signup broken", "sev3", False)),
        ("PRIVATE beta signup broken", DeclareArgs("PRIVATE beta signup broken", "sev3", False)),
        ("SEV1 checkout down", DeclareArgs("SEV1 checkout down", "sev3", False)),
        ("Sev2 Private data", DeclareArgs("Sev2 Private data", "sev3", False)),
        ("sev2 Private beta", DeclareArgs("Private beta", "sev2", False)),
        ("private SEV1 leak", DeclareArgs("SEV1 leak", "sev3", True)),
        ("SEV9 is a title word", DeclareArgs("SEV9 is a title word", "sev3", False)),
        ("privately hosted runner down", DeclareArgs("privately hosted runner down", "sev3", False)),
        ("private-beta down", DeclareArgs("private-beta down", "sev3", False)),
        ("sev1: db down", DeclareArgs("sev1: db down", "sev3", False)),
        ("\u200bprivate\u200b sev1\x00 Leak", DeclareArgs("Leak", "sev1", True)),
    ],
)
def test_parse_declare_flags_are_lowercase_keywords_only(args: str, expected: DeclareArgs) -> None:
    assert parse_declare(args) == expected


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        ("Private beta signup broken", "Private"),
        ("SEV1 checkout down", "SEV1"),
        ("sev2 PRIVATE beta", "PRIVATE"),
        ("Checkout is failing", None),
        ("Privately hosted", None),
        ("sev1 private db down", None),
    ],
)
def test_parse_declare_notices_a_title_that_starts_like_a_flag(args: str, flag: str | None) -> None:
    assert parse_declare(args).misread_flag == flag


@pytest.mark.parametrize("args", ["sev5 Checkout is failing", "sev0 db down", "private sev9 x", "sev10 x"])
def test_parse_declare_unknown_level_names_the_valid_ones(args: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_declare(args)
    assert "sev1, sev2, sev3, sev4" in str(raised.value)


@pytest.mark.parametrize(
    ("args", "severity", "private"),
    [
        ("", "sev3", False),
        ("   ", "sev3", False),
        ("sev2", "sev2", False),
        ("private", "sev3", True),
        ("sev1 private", "sev1", True),
        ("private sev4  ", "sev4", True),
        ("sev1 private \u200b\u200b", "sev1", True),  # an invisible title is no title
        ("sev1 \x00 \u2060", "sev1", False),
    ],
)
def test_parse_declare_without_a_title_keeps_the_flags_for_the_form(args: str, severity: str, private: bool) -> None:
    assert parse_declare(args) == DeclareArgs(None, severity, private)


@pytest.mark.parametrize(
    ("args", "title"),
    [
        ("sev2 `payments-api` returns 500", "`payments-api` returns 500"),
        ("sev2 p99 &gt; 2s for &lt;checkout&gt; &amp; cart", "p99 > 2s for <checkout> & cart"),
        ("<@U0BOB|bob> broke <#C0DEPLOY|deploys>", "@bob broke #deploys"),
        ("see <https://grafana.example.com/d/1|dashboard>", "see dashboard"),
        ("🔥🔥🔥", "🔥🔥🔥"),
        ("*bold* _it_ ~strike~", "*bold* _it_ ~strike~"),
    ],
)
def test_parse_declare_keeps_the_title_as_typed(args: str, title: str) -> None:
    parsed = parse_declare(args)
    assert parsed is not None
    assert parsed.title == title


def test_parse_declare_applies_the_title_rules() -> None:
    assert parse_declare("sev2 " + "t" * 200).title == "t" * 200
    with pytest.raises(InvalidInput, match="201"):
        parse_declare("sev2 " + "t" * 201)
    # the length counts what the person typed, not Slack's escaping of it
    assert parse_declare("&lt;" * 200).title == "<" * 200


@pytest.mark.parametrize(
    ("args", "title"),
    [
        ("sev2 DB\x00 down", "DB down"),
        ("sev2 \u200bDB\u200b down\u200b", "DB down"),
        ("sev2 \u202eDB down\u202c", "DB down"),  # bidi overrides cannot disguise a title
        ("sev2 \ufeffDB\u00a0down", "DB down"),
        ("sev2 DB\x1b[31m down", "DB[31m down"),
        ("👩\u200d💻 laptops down", "👩\u200d💻 laptops down"),  # joiners inside emoji stay
    ],
)
def test_parse_declare_cleans_control_and_invisible_characters(args: str, title: str) -> None:
    assert parse_declare(args).title == title
