"""The image, built here as an operator builds it (scripts/image-build: wheels outside, then the
Dockerfile) with podman on a Debian base made by mmdebstrap (no registry is reachable), built once
for this module and removed after. Then run as an operator runs it, against the fake Slack: through
a published 127.0.0.1 port, as a non-root PID 1 that SIGTERM stops, with compose, and as two
replicas on the test PostgreSQL."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.containers import container, get, podman, wait_ready
from tests.deploy.tools import BESIDE, DEPLOY, ROOT, dockerfile_user, run, tool
from tests.fakeslack import FakeSlack
from tests.support.database import fresh_database
from tests.support.harness import ALICE, SECRET
from tests.support.signin import free_port
from tests.support.signing import SlackSender

TAG = f"localhost/incident-bot:test-{os.getpid()}"
HOST_LOOPBACK = "slirp4netns:allow_host_loopback=true"  # the host's 127.0.0.1 is 10.0.2.2 inside


@pytest.fixture(scope="module")
def image() -> Iterator[str]:
    for name in ("podman", "runc", "slirp4netns", "mmdebstrap"):
        tool(name)
    base = run(ROOT / "scripts" / "image-base", timeout=600).stdout.strip()
    run(ROOT / "scripts" / "image-build", TAG, timeout=600, BASE=base, PYTHON=sys.executable)
    yield TAG
    run(podman(), "rmi", "--force", TAG, check=False, timeout=120)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        yield slack


def slack_settings(fake: FakeSlack, host: str = "127.0.0.1") -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url.replace("127.0.0.1", host),
    }


def env_options(settings: dict[str, str]) -> list[str]:
    return [option for name, value in settings.items() for option in ("--env", f"{name}={value}")]


@pytest.fixture
def serving(image: str, fake: FakeSlack) -> Iterator[tuple[str, int]]:
    """The image's default command, its port published on 127.0.0.1; yields (name, port) once ready."""
    port = free_port()
    network = ["--network", HOST_LOOPBACK, "--publish", f"127.0.0.1:{port}:3000"]
    with container(*network, *env_options(slack_settings(fake, "10.0.2.2")), image) as name:
        wait_ready(port, name)
        yield name, port


def test_the_image_says_its_version(image: str) -> None:
    outcome = run(podman(), "run", "--rm", image, "--version", timeout=60)
    assert outcome.stdout == "incident-bot 0.1.0\n"


def test_health_and_readiness_answer_on_the_published_port(serving: tuple[str, int]) -> None:
    _, port = serving
    assert get(port, "/healthz") == (200, {"ok": True, "status": "ok", "database": "ok", "slack": "ok"})
    assert get(port, "/readyz") == (200, {"ready": True, "slack": "ok"})


def test_it_runs_as_the_dockerfile_s_user_as_pid_1(serving: tuple[str, int]) -> None:
    name, _ = serving
    ids = run(podman(), "exec", name, "sh", "-c", 'echo "$(id -u):$(id -g)"; tr "\\0" " " < /proc/1/cmdline').stdout
    user, pid_1 = ids.splitlines()
    assert user == dockerfile_user() and not user.startswith("0:")
    assert "incident-bot run" in pid_1


def test_the_image_s_healthcheck_passes(serving: tuple[str, int]) -> None:
    name, _ = serving
    assert run(podman(), "healthcheck", "run", name, check=False, timeout=30).returncode == 0


def test_sigterm_stops_it_within_5_seconds(serving: tuple[str, int]) -> None:
    """`podman stop --time 5` sends SIGTERM, and SIGKILL (exit 137) if it is still running 5 s later."""
    name, _ = serving
    run(podman(), "stop", "--time", "5", name, timeout=30)
    assert run(podman(), "inspect", "--format", "{{.State.ExitCode}}", name).stdout.strip() == "0"


def test_the_compose_sqlite_profile_migrates_then_serves(image: str, fake: FakeSlack, tmp_path: Path) -> None:
    override = tmp_path / "host-loopback.yaml"  # the test's only change: reach the fake Slack on the host
    override.write_text("".join(f"  {s}:\n    network_mode: {HOST_LOOPBACK}\n" for s in ("migrate", "bot")))
    override.write_text("services:\n" + override.read_text())
    project, port = f"incident-bot-test-{os.getpid()}", free_port()
    compose = [tool(BESIDE / "podman-compose"), "--project-name", project, "--profile", "sqlite"]
    compose += ["--file", DEPLOY / "compose.yaml", "--file", override]
    settings = {**slack_settings(fake, "10.0.2.2"), "INCIDENT_BOT_IMAGE": image, "INCIDENT_BOT_PORT": str(port)}
    try:
        run(*compose, "up", "--detach", timeout=180, **settings)
        wait_ready(port, f"{project}_bot_1")
        migrated = run(podman(), "logs", f"{project}_migrate_1").stdout
        assert "migrations applied" in migrated or "already at" in migrated, migrated
    finally:
        run(*compose, "down", "--volumes", check=False, timeout=120, **settings)


def test_two_containers_on_postgresql_declare_an_incident_once(image: str, fake: FakeSlack, tmp_path: Path) -> None:
    fake.add_channel("incidents")
    settings = {**slack_settings(fake), "DATABASE_URL": fresh_database("postgresql", tmp_path), "HOST": "127.0.0.1"}
    options = ["--network", "host", *env_options({**settings, "INCIDENT_ANNOUNCE_CHANNEL": "#incidents"})]
    assert "(was empty)" in run(podman(), "run", "--rm", *options, image, "migrate", timeout=120).stdout
    first, second = free_port(), free_port()
    with (
        container(*options, "--env", f"PORT={first}", image, "run", "--no-migrate") as one,
        container(*options, "--env", f"PORT={second}", image, "run", "--no-migrate") as two,
    ):
        wait_ready(first, one)
        wait_ready(second, two)
        sender = SlackSender(f"http://127.0.0.1:{first}/slack/events", SECRET, fake)
        assert sender.command("declare sev2 Checkout is failing", ALICE).status == 200
        channel = fake.wait_for(lambda: fake.channel_by_name("inc-1-checkout-is-failing"), timeout=30)["id"]
        fake.wait_for(lambda: fake.pins(channel), timeout=30)
        listed = SlackSender(f"http://127.0.0.1:{second}/slack/events", SECRET, fake).command("list", ALICE)
        assert listed.response_url  # the other replica answers from the same database
        assert "INC-1" in json.dumps(fake.wait_for(lambda: fake.responses(listed.response_url), timeout=15))
    assert fake.call_count("conversations.create") == 1
    assert len(fake.pins(channel)) == 1
