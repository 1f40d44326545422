"""`incident-bot export`: the incidents for a spreadsheet or a BI tool, from the database alone (Slack
may be down). Heavy imports wait until the command runs, so `incident-bot --help` stays quick."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from bot.settings import Settings, SettingsError, StartupError

FORMATS = ("csv", "json", "jsonl")  # bot.core.export.FORMATS; listed here so --help needs no database code


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="only incidents declared on or after this day (UTC)")
    parser.add_argument("--format", choices=FORMATS, default="csv", help="csv (default), json (an array) or jsonl")
    parser.add_argument("--include-private", action="store_true", help="private incidents too (left out by default)")
    parser.add_argument("--include-drills", action="store_true", help="drills too (left out by default)")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")


def export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.core.clock import SystemClock
    from bot.core.desk import Desk
    from bot.core.export import Selection
    from bot.core.export import export as write
    from bot.store.opening import open_existing

    selection = Selection(since(args.since), args.include_private, args.include_drills)
    engine = open_existing(settings.database_url)
    try:
        with output(args.out) as out:
            done = Desk(engine, SystemClock()).read(write, selection, args.format, out)
    finally:
        engine.dispose()
    left_out = "".join(
        f"; {count} {what} left out ({flag} adds them)"
        for count, what, flag in (
            (done.private_left_out, "private", "--include-private"),
            (done.drills_left_out, "drills", "--include-drills"),
        )
        if count
    )
    print(f"incident-bot: exported {done.written} incidents{left_out}", file=sys.stderr)
    return 0


def since(raw: str | None) -> datetime | None:
    """Midnight UTC of a `YYYY-MM-DD` day; anything else is one line and exit status 2."""
    if raw is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError(raw)
        day = date.fromisoformat(raw)
    except ValueError:
        raise SettingsError(f"--since {raw!r} is not a date; write YYYY-MM-DD, e.g. --since 2026-01-31") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@contextmanager
def output(path: Path | None) -> Iterator[TextIO]:
    """Standard output, or FILE written beside itself and renamed when complete: a failed export
    never leaves half a file where the last good one was."""
    if path is None:
        sys.stdout.reconfigure(encoding="utf-8", newline="")  # type: ignore[union-attr]
        yield sys.stdout
        sys.stdout.flush()
        return
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(partial, path)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise StartupError(f"cannot write {path}: {error.strerror or error}") from None
        raise
