"""Keeping people's text inside its place in a Markdown document: a note stays in its bullet, an
SME area in its table cell. Without this, a note with a newline and `## Action items` adds a fake
section, and a `|` in an area shifts the roles table. The postmortem template applies these as
the `md_line` and `md_cell` filters."""

from __future__ import annotations

import re

_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
# A backslash before a character we escape would escape our backslash instead: `\<!--` must not
# become `\\<!--` (a literal backslash, then a comment that hides the rest of the document).
_ESCAPED = {char: re.compile(rf"(\\*){re.escape(char)}") for char in "<|"}
# What turns the start of a line into a block: a heading, quote, list item, rule, fence or setext line.
_BLOCK_START = re.compile(r"[#>+*_=~`-]|\d+(?=[.)])")


def md_line(text: object) -> str:
    """`text` as inline Markdown on one line: line breaks become " / ", raw HTML (which could open a
    comment that hides the rest of the document) is escaped, and a leading block marker too."""
    line = str(text).strip()
    if "\n" in line or "\r" in line:
        line = _LINE_BREAKS.sub(" / ", line)
    line = _escape(line, "<")
    start = _BLOCK_START.match(line)
    if start is None:
        return line
    cut = start.end() if start.group().isdigit() else 0
    return f"{line[:cut]}\\{line[cut:]}"


def md_cell(text: object) -> str:
    """`text` for one cell of a Markdown table: one line, with `|` escaped so it cannot end the cell."""
    return _escape(md_line(text), "|")


def _escape(text: str, char: str) -> str:
    """Every `char` backslash-escaped, with the backslashes already before it kept as backslashes."""
    if char not in text:  # most text: a 10,000-row timeline renders this twice a row
        return text
    return _ESCAPED[char].sub(lambda m: m.group(1) * 2 + "\\" + char, text)
