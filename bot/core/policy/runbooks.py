"""`[runbooks]`: the folder of runbook files (relative to the policy file's folder) and the
`[[runbooks.attach]]` rules that say when one joins an incident by itself. Every `*.md` file in the
folder is read and checked when the policy loads, so `check-policy` finds a bad runbook and an
incident never meets one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import bot.core.policy.reader as r
from bot.core.policy.quoting import shown
from bot.core.policy.reader import Table
from bot.core.policy.runbook_files import Runbook, read_runbook


@dataclass(frozen=True)
class RunbookRule:
    name: str  # the runbook's file stem
    match: Mapping[str, str]  # every pair must hold: severity, a service, or any alert label


@dataclass(frozen=True)
class RunbooksPolicy:
    dir: str | None = None
    books: Mapping[str, Runbook] = field(default_factory=lambda: MappingProxyType({}))
    rules: tuple[RunbookRule, ...] = ()

    def find(self, name: str) -> Runbook | None:
        """By file stem or by title, ignoring case (people type what they saw in the list)."""
        wanted = name.strip().lower().removesuffix(".md")
        return next((b for b in self.books.values() if wanted in (b.name.lower(), b.title.lower())), None)


def read_runbooks(root: Table) -> RunbooksPolicy:
    if "runbooks" not in root.data:
        return RunbooksPolicy()
    t = root.table("runbooks")
    folder = t.get("dir", r.text, "runbooks")
    where = Path(root.source).parent / folder
    if not where.is_dir():
        raise t.fail("dir", f"{shown(folder)} is not a folder (looked for {where})")
    books = {path.stem: read_runbook(path) for path in sorted(where.glob("*.md"))}
    rules = tuple(_rule(rule, books) for rule in t.tables("attach"))
    t.close()
    return RunbooksPolicy(folder, MappingProxyType(books), rules)


def _rule(t: Table, books: dict[str, Runbook]) -> RunbookRule:
    name = t.require("file", lambda v: _file(v, books))
    rule = RunbookRule(name, MappingProxyType(t.require("match", _match)))
    t.close()
    return rule


def _file(value: Any, books: dict[str, Runbook]) -> str:
    name = r.text(value)
    if "/" in name or "\\" in name or not name.endswith(".md"):
        raise ValueError(f"{shown(name)} is not the name of a .md file in the runbooks folder")
    if name[:-3] not in books:
        raise ValueError(f"{shown(name)} is missing from the runbooks folder")
    return name[:-3]


def _match(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not value or not all(isinstance(v, str) for v in value.values()):
        raise ValueError(f'must be a non-empty table of name = "value" strings, not {shown(value)}')
    return dict(value)


def describe_runbooks(policy: RunbooksPolicy, pair: Callable[[str, Any], str]) -> list[str]:
    """The `[runbooks]` lines of the effective policy (`pair` writes one TOML key), with a comment
    per runbook read, so `check-policy` shows what it found."""
    if policy.dir is None:
        return []
    lines = ["", "[runbooks]", pair("dir", policy.dir)]
    lines += [f"# {b.name}.md: {len(b.steps)} steps, {b.title!r}" for b in policy.books.values()]
    for rule in policy.rules:
        lines += ["", "[[runbooks.attach]]", pair("file", f"{rule.name}.md"), pair("match", dict(rule.match))]
    return lines
