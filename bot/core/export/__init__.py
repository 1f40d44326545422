"""`incident-bot export`: every incident as one row — times, key times, services and counts — from
the database alone, streamed as CSV, a JSON array or JSON Lines (docs/EXPORT.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from bot.core.export.columns import COLUMNS
from bot.core.export.formats import WRITERS
from bot.core.export.rows import Selection, rows
from bot.core.tx import Tx

FORMATS = tuple(WRITERS)


@dataclass(frozen=True)
class Exported:
    written: int
    private_left_out: int
    drills_left_out: int


def export(tx: Tx, selection: Selection, form: str, out: TextIO) -> Exported:
    """Write the selected incidents to `out` in one read transaction, so the rows agree with each other."""
    written = WRITERS[form](rows(tx.session, selection), out)
    return Exported(written, *selection.left_out(tx.session))


__all__ = ["COLUMNS", "FORMATS", "Exported", "Selection", "export"]
