"""Every `[permissions]` rule the policy reader takes is explained where operators read about it: a
row of the README's table (what it gates, its default) and a line of the example policy."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from bot.core.policy.model import Permissions

ROOT = Path(__file__).resolve().parent.parent
RULES = [field.name for field in dataclasses.fields(Permissions)]


def test_the_readme_table_has_a_row_for_each_rule_and_no_other() -> None:
    rows = re.findall(r"^\| `(\w+)` \| .+ \| .+ \|$", _section(ROOT / "README.md"), re.MULTILINE)
    assert rows == RULES


def test_the_example_policy_names_each_rule() -> None:
    example = (ROOT / "docs" / "policy.example.toml").read_text()
    section = example.split("[permissions]", 1)[1].split("\n[", 1)[0]
    assert [rule for rule in RULES if not re.search(rf"^#?\s*{rule} = ", section, re.MULTILINE)] == []


def _section(readme: Path) -> str:
    after = readme.read_text().split("### Who may do what: `[permissions]`", 1)[1]
    return re.split(r"\n##+ ", after, maxsplit=1)[0]
