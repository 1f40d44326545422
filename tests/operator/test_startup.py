"""`incident-bot run` from a directory of its own: each common mistake ends in one line that says
what happened, with no traceback and no slack_sdk ERROR line before it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.fakeslack import FakeSlack
from tests.support.console import Outcome, incident_bot, serve_until
from tests.support.database import fresh_database


@pytest.fixture
def slack() -> Iterator[dict[str, str]]:
    """Settings that pass every check, against the fake Slack."""
    with FakeSlack() as fake:
        yield {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": "secret",
            "SLACK_API_URL": fake.api_url,
            "HOST": "127.0.0.1",
            "PORT": "0",
            "FAKE": fake,  # type: ignore[dict-item]  # popped by tests that script faults
        }


def _settings(slack: dict[str, str], **overrides: str) -> dict[str, str]:
    return {**{k: v for k, v in slack.items() if k != "FAKE"}, **overrides}


def _no_noise(outcome: Outcome) -> None:
    assert "Traceback" not in outcome.stderr
    assert " ERROR " not in outcome.stderr, outcome.stderr


def test_a_good_start_says_which_env_file_it_read(tmp_path: Path, slack: dict[str, str]) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=INFO\n")
    outcome = serve_until("listening on", cwd=tmp_path, **_settings(slack))
    assert outcome.status == 0, outcome.stderr
    assert f"settings from {tmp_path.resolve() / '.env'} and the environment" in outcome.stderr
    assert " WARNING " not in outcome.stderr, outcome.stderr
    assert (tmp_path / "incidents.db").is_file()
    assert f"database: sqlite:///incidents.db ({tmp_path.resolve() / 'incidents.db'})" in outcome.stderr
    assert outcome.stderr.count("Slack reached") == 1, outcome.stderr


def test_run_with_an_env_file_elsewhere_opens_the_database_beside_it(tmp_path: Path, slack: dict[str, str]) -> None:
    """`cd empty && incident-bot run --env-file ../my.env` once made a new empty database in empty/."""
    empty = tmp_path / "empty"
    empty.mkdir()
    (tmp_path / "my.env").write_text("DATABASE_URL=sqlite:///incidents.db\n")
    outcome = serve_until("listening on", "--env-file", "../my.env", cwd=empty, **_settings(slack))
    assert outcome.status == 0, outcome.stderr
    assert f"database: sqlite:///{tmp_path.resolve() / 'incidents.db'} (" in outcome.stderr
    assert (tmp_path / "incidents.db").is_file() and list(empty.iterdir()) == []


def test_the_database_is_named_with_its_password_hidden(tmp_path: Path, slack: dict[str, str]) -> None:
    """The test server trusts local connections, so any password opens it; the log must not show it."""
    url = make_url(fresh_database("postgresql", tmp_path)).set(password="s3cret")
    raw = url.render_as_string(hide_password=False)
    outcome = serve_until("listening on", cwd=tmp_path, **_settings(slack, DATABASE_URL=raw))
    assert outcome.status == 0, outcome.stderr
    assert f"database: {url.render_as_string(hide_password=True)}\n" in outcome.stderr
    assert ":***@" in outcome.stderr and "s3cret" not in outcome.stderr


def test_a_postgres_url_from_a_provider_is_accepted(tmp_path: Path, slack: dict[str, str]) -> None:
    url = fresh_database("postgresql", tmp_path).replace("postgresql+psycopg://", "postgres://", 1)
    outcome = serve_until("listening on", cwd=tmp_path, **_settings(slack, DATABASE_URL=url))
    assert outcome.status == 0, outcome.stderr
    assert not (tmp_path / "incidents.db").exists()


def test_an_unreachable_postgresql_is_one_line(tmp_path: Path, slack: dict[str, str]) -> None:
    url = f"postgresql+psycopg://incident:s3cret@127.0.0.1:{_closed_port()}/incidents"
    outcome = incident_bot("run", cwd=tmp_path, **_settings(slack, DATABASE_URL=url))
    assert outcome.status == 1
    assert outcome.last_line.startswith(
        "incident-bot: cannot open the database at postgresql+psycopg://incident:***@127.0.0.1:"
    )
    assert "Connection refused" in outcome.last_line and "s3cret" not in outcome.stderr
    _no_noise(outcome)


def test_an_sqlite_file_in_a_missing_directory_is_named(tmp_path: Path, slack: dict[str, str]) -> None:
    outcome = incident_bot("run", cwd=tmp_path, **_settings(slack, DATABASE_URL="sqlite:///data/incidents.db"))
    assert outcome.status == 1
    assert outcome.last_line == (
        f"incident-bot: DATABASE_URL sqlite:///data/incidents.db: the directory {tmp_path.resolve() / 'data'} "
        "does not exist; create it first"
    )


def test_a_port_in_use_is_named(tmp_path: Path, slack: dict[str, str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        outcome = incident_bot("run", cwd=tmp_path, **_settings(slack, PORT=str(port)))
    assert outcome.status == 1
    assert outcome.last_line == (
        f"incident-bot: port {port} on 127.0.0.1 is already in use (another incident-bot?); stop it or set PORT"
    )
    _no_noise(outcome)


def test_a_refused_token_is_named(tmp_path: Path, slack: dict[str, str]) -> None:
    outcome = incident_bot("run", cwd=tmp_path, **_settings(slack, SLACK_BOT_TOKEN="xoxb-revoked"))
    assert outcome.status == 1
    assert outcome.last_line == (
        "incident-bot: SLACK_BOT_TOKEN was refused by Slack (invalid_auth): "
        "copy the Bot User OAuth Token (OAuth & Permissions) again"
    )


def test_a_refused_app_token_is_named_in_socket_mode(tmp_path: Path, slack: dict[str, str]) -> None:
    outcome = incident_bot("run", cwd=tmp_path, **_settings(slack, SLACK_APP_TOKEN="xapp-revoked"))
    assert outcome.status == 1
    assert outcome.last_line == (
        "incident-bot: SLACK_APP_TOKEN was refused by Slack (invalid_auth): "
        "copy the app-level token (Basic Information → App-Level Tokens) again"
    )
    _no_noise(outcome)


def test_a_slack_5xx_at_start_is_a_warning_and_start_up_goes_on(tmp_path: Path, slack: dict[str, str]) -> None:
    slack["FAKE"].inject("auth.test", status=503, times=2)  # type: ignore[attr-defined]  # prepare, start
    outcome = serve_until("Slack reached", cwd=tmp_path, **_settings(slack))
    assert outcome.status == 0, outcome.stderr
    assert (
        f"WARNING bot.slack.reaching: {slack['SLACK_API_URL']} answered auth.test with HTTP 503 "
        "(service_unavailable): Slack or a proxy is failing; serving meanwhile and retrying in the background"
    ) in outcome.stderr
    assert outcome.stderr.index("listening on") < outcome.stderr.index("Slack reached")
    _no_noise(outcome)


def test_an_announce_channel_slack_does_not_know_stops_start_up(tmp_path: Path, slack: dict[str, str]) -> None:
    outcome = incident_bot("run", cwd=tmp_path, **_settings(slack, INCIDENT_ANNOUNCE_CHANNEL="C0NOPE"))
    assert outcome.status == 2  # a setting to fix
    assert outcome.last_line == (
        "incident-bot: INCIDENT_ANNOUNCE_CHANNEL 'C0NOPE' was not found (a private channel must "
        "invite the bot first: /invite @incident-bot)"
    )
    _no_noise(outcome)


def test_an_html_proxy_page_is_not_a_refused_token(tmp_path: Path, slack: dict[str, str]) -> None:
    with _proxy_page() as url:
        outcome = incident_bot("run", cwd=tmp_path, **_settings(slack, SLACK_API_URL=url))
    assert outcome.status == 1
    assert outcome.last_line == (
        f"incident-bot: {url} answered auth.test with HTTP 200 and a non-JSON page (text/html): that is not "
        "Slack's Web API (a proxy or login page?); check SLACK_API_URL and the proxy"
    )
    _no_noise(outcome)


def test_an_unreachable_slack_is_named_and_start_up_goes_on(tmp_path: Path, slack: dict[str, str]) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/api/"
    outcome = serve_until("listening on", cwd=tmp_path, **_settings(slack, SLACK_API_URL=url))
    assert outcome.status == 0, outcome.stderr
    assert (
        f"WARNING bot.slack.reaching: Slack is unreachable at {url} ([Errno 111] Connection refused); "
        "check SLACK_API_URL and the network; serving meanwhile and retrying in the background"
    ) in outcome.stderr
    _no_noise(outcome)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _LoginPage(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = b"<html><head><title>Sign in to the corporate proxy</title></head></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@contextmanager
def _proxy_page() -> Iterator[str]:
    """A corporate proxy's sign-in page where the Web API should be."""
    server = HTTPServer(("127.0.0.1", 0), _LoginPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/"
    finally:
        server.shutdown()
        server.server_close()
