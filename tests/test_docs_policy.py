"""README says which policy sections are accepted but not used yet; this keeps that true both ways:
each is named there, and nothing outside the policy reader uses it (when something starts to, this
fails and asks for the README to say what the section now does)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNUSED = {"status": "`[status]`"}


def _readme_sentence() -> str:
    found = re.search(r"^(`\[[^\n]*?do(?:es)? nothing yet.*?)\n\n", (ROOT / "README.md").read_text(), re.S | re.M)
    assert found, "README lost the sentence on the policy sections that do nothing yet"
    return found.group(1)


def test_the_readme_names_the_sections_that_do_nothing_yet() -> None:
    sentence = _readme_sentence()
    assert "nothing yet" in sentence
    for shown in UNUSED.values():
        assert shown in sentence, shown


def test_nothing_outside_the_policy_reader_uses_them() -> None:
    use = re.compile(rf"policy\.({'|'.join(UNUSED)})\b")
    users = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "bot").rglob("*.py"))
        if "policy" not in path.relative_to(ROOT).parts[1:3]
        for match in use.finditer(path.read_text())
    ]
    assert not users, f"update README's sentence on sections that do nothing yet: {users}"
