"""docs/EXPORT.md's column table is the export's column order, so the documented contract is the code's."""

from __future__ import annotations

import re
from pathlib import Path

from bot.core.export import COLUMNS

EXPORT = Path(__file__).resolve().parent.parent / "docs" / "EXPORT.md"
TABLE = re.compile(r"<!-- columns:[^\n]*-->\n(.*?)<!-- end of columns -->", re.DOTALL)


def test_the_documented_columns_are_the_exported_ones_in_order() -> None:
    table = TABLE.search(EXPORT.read_text())
    assert table, "docs/EXPORT.md lost its <!-- columns: … --> table"
    documented = re.findall(r"^\| (\d+) \| `(\w+)` \|", table.group(1), re.MULTILINE)
    assert [name for _, name in documented] == list(COLUMNS)
    assert [int(n) for n, _ in documented] == list(range(1, len(COLUMNS) + 1))
