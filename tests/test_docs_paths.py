"""The docs name only files that are in the repository (a reader on GitHub can open each one)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
PATH = re.compile(r"`((?:bot|tests|scripts|docs|templates|bench)/[\w./-]*|[\w.-]+\.(?:md|py|yml|toml|example))`")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_path_a_doc_names_exists(doc: Path) -> None:
    named = {m.group(1) for m in PATH.finditer(doc.read_text())}
    missing = sorted(p for p in named if not (ROOT / p).exists() and not (ROOT / "templates" / p).exists())
    assert not missing, f"{doc.name} names files that are not in the repository: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_document_a_doc_names_exists(doc: Path) -> None:
    """Also without backticks: `docs/DECISIONS.md` once cited a DESIGN.md this repository never had."""
    named = set(re.findall(r"(?<![\w/.-])((?:docs/)?[A-Z][\w-]*\.md)\b", doc.read_text()))
    missing = sorted(p for p in named if not (ROOT / p).exists() and not (ROOT / "docs" / p).exists())
    assert not missing, f"{doc.name} names documents that are not in the repository: {missing}"
