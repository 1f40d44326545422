"""Cleaning free text: the same on both databases, before anything is stored or acknowledged."""

from __future__ import annotations

import pytest

from bot.core.errors import InvalidInput
from bot.core.incidents import clean_title
from bot.core.text import bounded, clean, one_line, optional, visible

INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark
    "\u00ad",  # soft hyphen
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u180e",  # Mongolian vowel separator
    "\u3164",  # Hangul filler
    "\u2800",  # braille blank
    "\U000e0041",  # tag letter A
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\u0085",
    "\ud800",  # a lone surrogate, as a JSON "\\ud800" escape decodes
]


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_alone_show_nothing(char: str) -> None:
    assert not visible(clean(char * 3))
    assert not visible(clean(f" {char} \n {char}\t"))


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("a\x00b", "ab"),
        ("a\u200bb", "ab"),
        ("a\ud800b", "ab"),
        ("\ufeffhello", "hello"),
        ("rolled back\r\nsee graph", "rolled back\nsee graph"),
        ("one\rtwo\u2028three\u2029four\x0bfive\x0csix\x85seven", "one\ntwo\nthree\nfour\nfive\nsix\nseven"),
        ("col\tcol", "col\tcol"),
        ("  padded  ", "padded"),
        ("👩\u200d💻 and \u0646\u200c\u0645", "👩\u200d💻 and \u0646\u200c\u0645"),
        ("❤\ufe0f café", "❤\ufe0f café"),  # variation selectors and accents are not control characters
        ("p99 < 200ms and > 50ms", "p99 < 200ms and > 50ms"),
        ("<https://x.io|docs>", "<https://x.io|docs>"),
    ],
)
def test_clean_keeps_what_people_see_and_drops_the_rest(raw: str, cleaned: str) -> None:
    assert clean(raw) == cleaned


def test_cleaned_text_encodes_as_utf8() -> None:
    assert clean("x\ud83d y").encode() == b"x y"


def test_one_line_collapses_every_kind_of_whitespace() -> None:
    assert one_line(" a\n\nb\t c\u00a0d\u3000e ") == "a b c d e"


@pytest.mark.parametrize("raw", ["", "   ", "\u200b\u200b\u200b", "\x00", "\u200d \u3164"])
def test_a_title_of_nothing_visible_is_refused_like_an_empty_one(raw: str) -> None:
    with pytest.raises(InvalidInput, match="needs a title"):
        clean_title(raw)


def test_titles_count_length_after_cleaning() -> None:
    assert clean_title("\u200b" * 50 + "t" * 200) == "t" * 200
    with pytest.raises(InvalidInput, match="201 characters"):
        clean_title("t" * 201)


def test_bounded_and_optional() -> None:
    assert bounded(" db\x00 back ", "The note") == "db back"
    with pytest.raises(InvalidInput, match="The note is empty"):
        bounded("\u200b", "The note")
    with pytest.raises(InvalidInput, match="11 characters long; keep it to 10"):
        bounded("x" * 11, "The area", 10)
    assert optional(None, "The summary") is None
    assert optional(" \u200b\x00 ", "The summary") is None
    assert optional("EU\x00 only", "The summary") == "EU only"
    with pytest.raises(InvalidInput, match="2501"):
        optional("s" * 2501, "The summary")
