"""The compose file against the compose schema (dclint), both profiles in it; and the systemd unit
through `systemd-analyze verify` with ExecStart pointed at this venv. verify only warns about an
unknown key (exit 0), so any output at all is a failure."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.deploy.tools import BESIDE, DEPLOY, TOOLS, run, tool


def test_the_compose_file_passes_dclint() -> None:
    dclint = tool(TOOLS / "npm" / "node_modules" / ".bin" / "dclint")
    outcome = run(dclint, "--formatter", "json", DEPLOY / "compose.yaml", check=False)
    (report,) = json.loads(outcome.stdout)
    errors = [message for message in report["messages"] if message["type"] == "error"]  # style warnings pass
    assert (outcome.returncode, errors) == (0, [])


def test_the_two_profiles_each_migrate_before_their_bots_start() -> None:
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    profiles = {name: service["profiles"] for name, service in services.items()}
    assert profiles == {
        "migrate": ["sqlite"],
        "bot": ["sqlite"],
        "postgres": ["postgres"],
        "migrate-postgres": ["postgres"],
        "bot-postgres": ["postgres"],
    }
    for bot, migrate in (("bot", "migrate"), ("bot-postgres", "migrate-postgres")):
        assert services[migrate]["command"] == ["migrate"]
        assert services[bot]["depends_on"] == {migrate: {"condition": "service_completed_successfully"}}
    assert services["bot-postgres"]["deploy"]["replicas"] == 2


def test_systemd_analyze_verifies_the_unit_without_a_word(tmp_path: Path) -> None:
    unit = (DEPLOY / "systemd" / "incident-bot.service").read_text()
    assert "/opt/incident-bot/bin/incident-bot" in unit
    here = tmp_path / "incident-bot.service"
    here.write_text(unit.replace("/opt/incident-bot/bin/incident-bot", str(BESIDE / "incident-bot")))
    outcome = run(tool("systemd-analyze"), "verify", here, check=False, timeout=60)
    assert (outcome.returncode, outcome.stdout + outcome.stderr) == (0, "")
