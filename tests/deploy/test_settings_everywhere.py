"""Every setting the README's Settings table lists has a place in each way of deploying: the compose
file's bots, each kustomize overlay's Deployment (its env or the ConfigMap it loads) and the systemd
unit's documented settings file. Read from the table itself, so a setting added there later is
checked here without touching this file."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.deploy.tools import DEPLOY, ROOT, kustomize, of_kind

SYSTEMD_ENV = DEPLOY / "systemd" / "incident-bot.env"


def readme_settings() -> list[str]:
    """The variables of README → Settings, bar the rows for the test suite only."""
    section = ROOT.joinpath("README.md").read_text().split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    deployed = [row.split("|")[1] for row in rows if not row.split("|")[2].strip().startswith("tests only")]
    return [name for cell in deployed for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)]


def test_the_settings_table_is_read() -> None:
    names = readme_settings()
    assert {"SLACK_BOT_TOKEN", "DATABASE_URL", "HOST", "PORT", "SESSION_SECRET"} <= set(names)
    assert "TEST_DATABASE_URL" not in names


@pytest.mark.parametrize("service", ["bot", "bot-postgres", "migrate", "migrate-postgres"])
def test_the_compose_bots_carry_every_setting(service: str) -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    environment = compose["services"][service]["environment"]
    assert [name for name in readme_settings() if name not in environment] == []


@pytest.mark.parametrize("overlay", ["base", "postgres"])
def test_each_overlay_gives_the_bot_every_setting(overlay: str) -> None:
    manifests = kustomize(overlay)
    (deployment,) = of_kind(manifests, "Deployment")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    loaded = {source["configMapRef"]["name"] for source in container.get("envFrom", [])}
    given = {variable["name"] for variable in container.get("env", [])}
    given |= {key for m in of_kind(manifests, "ConfigMap") if m["metadata"]["name"] in loaded for key in m["data"]}
    assert [name for name in readme_settings() if name not in given] == []


def test_the_systemd_settings_file_lists_every_setting() -> None:
    listed = re.findall(r"^([A-Z][A-Z0-9_]*)=", SYSTEMD_ENV.read_text(), re.M)
    assert [name for name in readme_settings() if name not in listed] == []
    unit = (DEPLOY / "systemd" / "incident-bot.service").read_text()
    assert "EnvironmentFile=/etc/incident-bot/incident-bot.env" in unit
    assert "deploy/systemd/incident-bot.env" in unit
