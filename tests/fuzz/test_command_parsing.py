"""The `/incident` grammar under any input: nothing but a worded refusal (IncidentError) comes
out of a parser, triage never raises, and what parses renders back to a command string Slack
would send that re-parses to the same thing."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from bot.core.errors import IncidentError
from bot.core.severity import LEVELS
from bot.slack.app import command_table
from bot.slack.command import triage
from bot.slack.parsing import (
    DeclareArgs,
    PeopleArgs,
    parse_declare,
    parse_people,
    parse_person,
    parse_text,
)

TABLE = command_table()
USER_ID = st.from_regex(r"U[A-Z0-9]{2,10}", fullmatch=True)
MENTION = st.builds(
    lambda uid, label: f"<@{uid}|{label}>" if label else f"<@{uid}>", USER_ID, st.sampled_from(["", "bob", "a.b"])
)
WORDS = st.sampled_from(
    [*LEVELS, "private", "Private", "SEV1", "sev9", "declare", "lead", "&amp;", "&lt;x&gt;", "<!here>"]
)
#: What a person might type; Slack escapes &, < and > before sending it.
TYPED = st.text(st.characters(codec="utf-8"), max_size=80)
#: Any text at all, including markup and flags in odd places.
ANY_TEXT = st.lists(st.one_of(TYPED, MENTION, WORDS), max_size=6).map(" ".join)


def escape(text: str) -> str:
    """What Slack does to typed text before sending it: only `&`, `<` and `>` are escaped (the
    bot's own escape for what it shows, bot/slack/mrkdwn.py, also neutralises formatting)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rendered(args: DeclareArgs) -> str:
    """The command text Slack would send for these arguments."""
    return " ".join([args.severity, *(["private"] if args.private else []), escape(args.title or "")])


def people_rendered(args: PeopleArgs) -> str:
    return " ".join([*(f"<@{m.user_id}>" for m in args.people), escape(args.area or "")])


def parsed_or_refused(parse, text: str):
    try:
        return parse(text)
    except IncidentError:
        return None


@given(ANY_TEXT)
def test_triage_answers_every_command_text(text: str) -> None:
    expected = TABLE.find(text.split()[0]) if text.split() else None

    answer = triage(TABLE, text)
    assert answer.proceed or answer.text, "a refusal always says why"
    if expected is not None:
        assert answer.sub is expected


@given(ANY_TEXT)
def test_declare_parses_or_refuses_and_its_rendering_reparses_equal(text: str) -> None:
    args = parsed_or_refused(parse_declare, text)
    if args is None or args.title is None:
        return
    assert parse_declare(rendered(args)) == args


@given(st.sampled_from([*LEVELS, None]), st.booleans(), st.booleans(), TYPED)
def test_flags_and_a_typed_title_come_back_as_given(severity, private, private_first, title) -> None:
    first_word = title.split()[0] if title.split() else ""
    assume(first_word not in (*LEVELS, "private") and not first_word.startswith("sev"))
    flags = [*([severity] if severity else []), *(["private"] if private else [])]
    text = " ".join([*(reversed(flags) if private_first else flags), escape(title)])
    args = parsed_or_refused(parse_declare, text)
    assume(args is not None and args.title is not None)
    assert (args.severity, args.private) == (severity or "sev3", private)
    assert parse_declare(rendered(args)) == args


@given(ANY_TEXT)
def test_people_parse_or_refuse_and_reparse_equal(text: str) -> None:
    args = parsed_or_refused(lambda t: parse_people(t, "lead <@user>"), text)
    if args is None or not all(m.user_id for m in args.people):
        return
    assert parse_people(people_rendered(args), "lead <@user>") == args


@given(st.lists(USER_ID, min_size=1, max_size=4), TYPED)
def test_mentioned_people_and_an_area_come_back_as_given(users: list[str], area: str) -> None:
    assume(not area.strip().startswith("@"))
    args = parsed_or_refused(
        lambda t: parse_people(t, "lead <@user>"), " ".join([*(f"<@{u}>" for u in users), escape(area)])
    )
    assume(args is not None)
    assert [m.user_id for m in args.people] == list(dict.fromkeys(users))
    assert parse_people(people_rendered(args), "lead <@user>") == args


@given(ANY_TEXT)
def test_one_person_and_free_text_parse_or_refuse(text: str) -> None:
    parsed_or_refused(lambda t: parse_person(t, "relieve <@user>"), text)
    note = parsed_or_refused(lambda t: parse_text(t, "The note", "note <text>"), text)
    if note is not None:
        assert parse_text(escape(note), "The note", "note <text>") == note
