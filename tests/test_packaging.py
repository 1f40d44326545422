"""`pip install .` (not editable) must ship the templates, the web pages' files and migrations, the licence, and build
without deprecation warnings."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_templates_migrations_and_the_licence(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--quiet", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
        text=True,
    )
    assert "deprecated" not in build.stderr.lower(), build.stderr
    wheel = zipfile.ZipFile(next(tmp_path.glob("incident_bot-*.whl")))
    names = set(wheel.namelist())
    for needed in (
        "bot_templates/postmortem.md.j2",
        "bot_templates/slack/declared.j2",
        "bot_templates/slack/update.j2",
        "bot_templates/slack/resolved.j2",
        "bot/store/migrations/env.py",
        "bot/store/migrations/versions/0001_initial_schema.py",
        "bot_docs/policy.example.toml",  # `incident-bot example-policy` prints it
        "bot/web/templates/base.html",
        "bot/web/static/style.css",
        "bot/web/static/local-time.js",
        "incident_bot-0.1.0.dist-info/licenses/LICENSE",
    ):
        assert needed in names, needed
    assert not any(n.startswith("templates/") for n in names), "templates install as bot_templates, not top-level"
    assert [n for n in names if n.startswith("bot_docs/")] == ["bot_docs/policy.example.toml"], "only the example"
    assert "License-Expression: MIT" in wheel.read("incident_bot-0.1.0.dist-info/METADATA").decode()
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "incident-bot = bot.cli:main" in wheel.read(entry_points).decode()
