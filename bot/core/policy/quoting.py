"""How an error message quotes the value it refuses: `repr`, so it is one line whatever the value holds,
and cut short, so a megabyte string or a deeply nested array cannot bury the key and the problem."""

from __future__ import annotations

LONGEST = 60


def shown(value: object) -> str:
    text = repr(value) if isinstance(value, str | int | float | bool) else _shape(value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def _shape(value: object) -> str:
    """Tables and arrays by their kind only: their repr may nest deeper than Python can recurse."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__
