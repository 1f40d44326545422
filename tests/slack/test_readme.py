"""README's command table and `/incident help` say what the code's command table says."""

from __future__ import annotations

import re
from pathlib import Path

from bot.cli import COMMANDS
from bot.slack.app import command_table
from bot.slack.command import CommandTable

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"<!-- commands:[^\n]*-->\n(.*?)<!-- end of commands -->", re.DOTALL)


def commands_markdown(table: CommandTable) -> str:
    """The README's table for `table`: usage, summary and aliases, and where the command works."""
    rows = ["| command | what it does | where |", "|---|---|---|"]
    for sub in table.subcommands:
        usage = sub.usage.replace("|", "\\|")
        also = "; also " + ", ".join(f"`{alias}`" for alias in sub.aliases) if sub.aliases else ""
        where = "incident channel" if sub.needs_incident else "anywhere"
        rows.append(f"| `/incident {usage}` | {sub.summary}{also} | {where} |")
    return "\n".join(rows) + "\n"


def test_the_readme_command_table_is_the_code_s() -> None:
    found = BLOCK.search(README.read_text())
    assert found, "README.md lost its <!-- commands: … --> block"
    expected = commands_markdown(command_table())
    assert found.group(1) == expected, f"paste this into README.md's commands block:\n{expected}"


def test_help_lists_every_subcommand_in_the_table_s_order() -> None:
    table = command_table()
    shown = "\n".join(block["text"]["text"] for block in table.help() if block.get("type") == "section")
    lines = [line for line in shown.splitlines() if line.startswith("`/incident ")]
    assert lines == [f"`/incident {sub.usage}` — {sub.summary}" for sub in table.subcommands]


def test_the_readme_lists_every_console_command() -> None:
    text = README.read_text()
    for command in COMMANDS:
        assert f"| `incident-bot {command.name}" in text, command.name
