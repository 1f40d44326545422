"""Free text people type: titles, notes, updates, impact, summaries. Cleaned the same way for every
database before anything is acknowledged (PostgreSQL refuses NUL; SQLite would store it and post
it to Slack), and bounded so every message that carries it fits."""

from __future__ import annotations

import re
import unicodedata

from bot.core.errors import InvalidInput

MAX_TEXT = 2500

# Line breaks of every flavour become "\n"; the other control characters carry no meaning here.
_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Zero-width joiners are kept: emoji sequences (👩‍💻) and Persian or Indic words need them.
_JOINERS = frozenset("\u200c\u200d")
# Characters that draw nothing although they are letters or symbols: filler tricks for "empty" titles.
_BLANKS = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0") | _JOINERS


def clean(raw: str) -> str:
    """Drop control (except newline and tab), format (zero-width, bidi overrides, BOM) and lone
    surrogate characters, normalise line breaks, and trim."""
    text = _NEWLINES.sub("\n", raw)
    return "".join(c for c in text if _kept(c)).strip()


def _kept(char: str) -> bool:
    if char in "\n\t" or char in _JOINERS:
        return True
    return unicodedata.category(char) not in {"Cc", "Cf", "Cs"}


def visible(text: str) -> bool:
    """Whether the text shows anything at all: not only spaces, joiners or blank fillers."""
    return any(not c.isspace() and c not in _BLANKS for c in text)


def one_line(raw: str) -> str:
    """Cleaned, with every run of whitespace (line breaks included) made one space: for titles."""
    return re.sub(r"\s+", " ", clean(raw)).strip()


def shown(raw: str, limit: int) -> str:
    """One line of at most `limit` characters, or "" when it would show nothing: text from outside
    (an alert's summary, a Slack post) must be judged blank only after it is cleaned and cut."""
    line = one_line(raw)[:limit].strip()
    return line if visible(line) else ""


def first_shown(*candidates: str, limit: int) -> str:
    """The first candidate that shows something (see `shown`), else "": for fallbacks such as an
    alert's summary, then its name, then its source's name."""
    return next((line for raw in candidates if (line := shown(raw, limit))), "")


def optional(raw: str | None, what: str, limit: int = MAX_TEXT) -> str | None:
    """Cleaned and bounded, or None when it shows nothing (an optional field left blank)."""
    text = clean(raw or "")
    return bounded(text, what, limit) if visible(text) else None


def bounded(raw: str | None, what: str, limit: int = MAX_TEXT) -> str:
    text = clean(raw or "")
    if not visible(text):
        raise InvalidInput(f"{what} is empty: write it after the subcommand.")
    if len(text) > limit:
        raise InvalidInput(f"{what} is {len(text)} characters long; keep it to {limit} or fewer.")
    return text
