"""Files that ship beside `bot/`. In a checkout they are top-level folders, where people look for
them (`templates/`, `docs/`); an installed package carries them as the packages `bot_templates` and
`bot_docs` (setup.py), since a wheel installs packages, not folders."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shipped(installed: str, checkout: str) -> Path:
    """The installed package's folder when there is one, else the checkout's."""
    return ROOT / installed if (ROOT / installed).is_dir() else ROOT / checkout


def example_policy() -> Path:
    """`docs/policy.example.toml`: every policy section, commented (`incident-bot example-policy`)."""
    return shipped("bot_docs", "docs") / "policy.example.toml"
