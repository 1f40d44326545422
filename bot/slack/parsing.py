"""Pure parsing of what Slack sends: mentions, escaped text, the `/incident` argument grammar."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.core.errors import InvalidInput
from bot.core.incidents import clean_title
from bot.core.severity import DEFAULT_SEVERITY, LEVELS, parse_severity

_USER_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_BARE_MENTION = re.compile(r"^@([\w.\-]+)$")
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


def escape(text: str) -> str:
    """Escape for mrkdwn so titles with `<`, `>` or `&` show literally and mention nobody."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def parse_mention(token: str) -> Mention:
    if match := _USER_MENTION.match(token):
        return Mention(user_id=match.group(1))
    if match := _BARE_MENTION.match(token):
        return Mention(name=match.group(1))
    raise InvalidInput(f"`{plain_text(token)}` is not a person: mention them, e.g. `@alice`.")


def split_first(text: str) -> tuple[str, str]:
    parts = text.strip().split(maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0] if parts else "", "")


@dataclass(frozen=True)
class DeclareArgs:
    title: str
    severity: str = DEFAULT_SEVERITY
    private: bool = False


def parse_declare(args: str, default_severity: str = DEFAULT_SEVERITY) -> DeclareArgs | None:
    """`[sev1..sev4] [private] <title>` in either order of the flags; None when there is no title."""
    severity, private, rest = default_severity, False, args.strip()
    while rest:
        word, tail = split_first(rest)
        lowered = word.lower()
        if lowered in LEVELS:
            severity, rest = parse_severity(word), tail
        elif lowered == "private":
            private, rest = True, tail
        elif re.fullmatch(r"sev\d+", lowered):
            parse_severity(word)  # raises with the list of valid levels
        else:
            break
    if not rest:
        return None
    return DeclareArgs(clean_title(plain_text(rest)), severity, private)


@dataclass(frozen=True)
class PersonArgs:
    who: Mention
    rest: str = ""


def parse_person(args: str, usage: str) -> PersonArgs:
    token, rest = split_first(args)
    if not token:
        raise InvalidInput(f"Say who: `{usage}`.")
    return PersonArgs(parse_mention(token), plain_text(rest).strip())


def parse_text(args: str, what: str, usage: str) -> str:
    text = plain_text(args).strip()
    if not text:
        raise InvalidInput(f"{what} is missing: `{usage}`.")
    return text
