"""Writing export rows as CSV, a JSON array or JSON Lines, one row at a time (docs/EXPORT.md).

CSV is RFC 4180 (every field that needs it quoted, CRLF line ends) and safe to open in a
spreadsheet: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'`
in front, so a title such as `=HYPERLINK(…)` is shown as text, never run as a formula."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.core.export.columns import COLUMNS, Row

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def timestamp(value: datetime | None) -> str | None:
    """ISO 8601 in UTC to the second, with a `Z`: what spreadsheets and BI tools parse as a time."""
    return value.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z" if value else None


def _plain(value: Any) -> Any:
    return timestamp(value) if isinstance(value, datetime) else value


def write_csv(rows: Iterable[Row], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    return _each(rows, lambda row: writer.writerow(_csv_cell(row[c]) for c in COLUMNS))


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return _csv_cell(";".join(value)) if value else ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(_plain(value))


def write_json(rows: Iterable[Row], out: TextIO) -> int:
    """A JSON array, one incident object per line, written as the rows come."""
    written = 0
    for row in rows:
        out.write(("[\n" if not written else ",\n") + _json(row))
        written += 1
    out.write("\n]\n" if written else "[]\n")
    return written


def write_jsonl(rows: Iterable[Row], out: TextIO) -> int:
    """JSON Lines: one incident object per line, nothing around them."""
    return _each(rows, lambda row: out.write(_json(row) + "\n"))


def _json(row: Row) -> str:
    return json.dumps({c: _plain(row[c]) for c in COLUMNS}, ensure_ascii=False)


def _each(rows: Iterable[Row], write: Callable[[Row], Any]) -> int:
    written = 0
    for row in rows:
        write(row)
        written += 1
    return written


WRITERS: dict[str, Callable[[Iterable[Row], TextIO], int]] = {
    "csv": write_csv,
    "json": write_json,
    "jsonl": write_jsonl,
}
