"""Pure parsing of what Slack sends: mentions, escaped text, the `/incident` argument grammar."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.core.errors import InvalidInput
from bot.core.incidents import clean_title
from bot.core.severity import DEFAULT_SEVERITY, LEVELS, parse_severity
from bot.core.staffing import MAX_AREA
from bot.core.text import bounded, clean, one_line, optional, visible
from bot.slack.mrkdwn import escape

_USER_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_BARE_MENTION = re.compile(r"^@([\w.\-]+)$")
_PERSON = r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>|@[\w.\-]+"
_LEADING_PERSON = re.compile(rf"\s*({_PERSON})(?!\S)")
_ANY_PERSON = re.compile(rf"(?<!\S)(?:{_PERSON})(?!\S)")
_MARKUP = re.compile(r"<([@#!]?)([^>|]*)(?:\|([^>]*))?>")


@dataclass(frozen=True)
class Mention:
    """A person named in a command: an ID when Slack escaped it, else the bare @name to look up."""

    user_id: str | None = None
    name: str | None = None


def plain_text(slack_text: str) -> str:
    """Turn Slack's escaped text into what the person typed: `<@U1|bob>` → `@bob`, `&lt;` → `<`."""

    def replace(match: re.Match[str]) -> str:
        sigil, target, label = match.groups()
        if label:
            return f"{sigil if sigil in '@#' else ''}{label}"
        return f"{sigil}{target}" if sigil in "@#" else target

    return html.unescape(_MARKUP.sub(replace, slack_text))


def parse_mention(token: str) -> Mention:
    if match := _USER_MENTION.match(token):
        return Mention(user_id=match.group(1))
    if match := _BARE_MENTION.match(token):
        return Mention(name=match.group(1))
    raise InvalidInput(f"`{escape(plain_text(token))}` is not a person: mention them, e.g. `@alice`.")


def split_first(text: str) -> tuple[str, str]:
    parts = text.strip().split(maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0] if parts else "", "")


FLAGS = frozenset({*LEVELS, "private", "drill"})


@dataclass(frozen=True)
class DeclareArgs:
    title: str | None  # None: no title given, so the form opens with these flags
    severity: str = DEFAULT_SEVERITY
    private: bool = False
    drill: bool = False

    @property
    def misread_flag(self) -> str | None:
        """The title's first word when it looks like a flag in another case (`Private`, `SEV1`):
        worth telling the person it was read as a word of the title."""
        first = (self.title or "").split(" ", 1)[0]
        return first if first.lower() in FLAGS else None


def parse_declare(args: str, default_severity: str = DEFAULT_SEVERITY) -> DeclareArgs:
    """`[sev1..sev4] [private] [drill] <title>`, the flags in any order. A flag is a flag only as a
    lowercase keyword before the title, so `Private beta signup broken` is a public title and
    `Drill the database failover` a real incident. Invisible characters go first, so none can hide a
    flag inside the title."""
    severity, flags, rest = default_severity, set(), clean(args)
    while rest:
        word, tail = split_first(rest)
        if word in LEVELS:
            severity, rest = word, tail
        elif word in ("private", "drill"):
            flags.add(word)
            rest = tail
        elif re.fullmatch(r"sev\d+", word):
            parse_severity(word)  # raises with the list of valid levels
        else:
            break
    typed = plain_text(rest)
    title = clean_title(typed) if visible(clean(typed)) else None
    return DeclareArgs(title, severity, "private" in flags, "drill" in flags)


@dataclass(frozen=True)
class PeopleArgs:
    people: tuple[Mention, ...]
    area: str | None = None


def parse_person(args: str, usage: str) -> Mention:
    """Exactly one person and nothing else: extra words are refused, never dropped."""
    people, rest = _leading_people(args, usage)
    if len(people) > 1:
        raise InvalidInput(f"Name one person only, e.g. `{usage}`.")
    if rest.strip():
        raise InvalidInput(f"I don't know what to do with “{escape(plain_text(rest).strip())}”: name one person only.")
    return people[0]


def parse_people(args: str, usage: str) -> PeopleArgs:
    """`<@a> <@b> … [area]`: every person first, then free text that names nobody."""
    people, rest = _leading_people(args, usage)
    if _ANY_PERSON.search(rest):
        raise InvalidInput(f"Name the people first, then the area: `{usage}`.")
    return PeopleArgs(tuple(dict.fromkeys(people)), optional(one_line(plain_text(rest)), "The area", MAX_AREA))


def _leading_people(args: str, usage: str) -> tuple[list[Mention], str]:
    people, rest = [], clean(args)
    while match := _LEADING_PERSON.match(rest):
        people.append(parse_mention(match.group(1)))
        rest = rest[match.end() :]
    if not people:
        token, _ = split_first(rest)
        if not token:
            raise InvalidInput(f"Say who: `{usage}`.")
        parse_mention(token)  # raises: says the first word is not a person
    return people, rest


def parse_text(args: str, what: str, usage: str) -> str:
    """Free text as typed and cleaned as the core will store it, so the ack refuses what the
    core would (nothing visible, too long) before anyone is told it worked."""
    typed = clean(plain_text(args))
    if not visible(typed):
        raise InvalidInput(f"{what} is missing: `{usage}`.")
    return bounded(typed, what)
