"""`pip install .` (not editable) must ship the templates and migrations inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_templates_and_migrations(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--quiet", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("incident_bot-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "bot_templates/postmortem.md.j2",
        "bot_templates/slack/declared.j2",
        "bot_templates/slack/update.j2",
        "bot_templates/slack/resolved.j2",
        "bot/store/migrations/env.py",
        "bot/store/migrations/versions/0001_initial_schema.py",
    ):
        assert needed in names, needed
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "incident-bot = bot.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
