"""Settings as an operator meets them: which `.env` is read, and every mistake named in one line."""

from __future__ import annotations

from pathlib import Path

from tests.support.console import incident_bot

MISSING_BOTH = (
    "incident-bot: SLACK_BOT_TOKEN is not set (the Bot User OAuth Token, xoxb-…); "
    "SLACK_SIGNING_SECRET is not set (HTTP mode verifies Slack's requests with it; "
    "or set SLACK_APP_TOKEN for Socket Mode)"
)


def test_the_env_file_in_the_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-your-token\nSLACK_SIGNING_SECRET=abc\n")
    outcome = incident_bot("run", cwd=tmp_path)
    assert outcome.status == 2
    assert outcome.last_line == (
        "incident-bot: SLACK_BOT_TOKEN is still the placeholder 'xoxb-your-token' (the Bot User OAuth Token, xoxb-…)"
    )


def test_an_env_file_above_the_working_directory_is_not_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-1\nSLACK_SIGNING_SECRET=abc\n")
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    outcome = incident_bot("run", cwd=empty)
    assert (outcome.status, outcome.last_line) == (2, MISSING_BOTH)


def test_an_explicit_env_file_is_read_and_a_missing_one_is_named(tmp_path: Path) -> None:
    (tmp_path / "prod.env").write_text("LOG_LEVEL=loud\n")
    outcome = incident_bot("run", "--env-file", "prod.env", cwd=tmp_path)
    assert outcome.status == 2
    assert outcome.last_line.startswith(
        "incident-bot: LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, not 'loud';"
    )
    missing = incident_bot("--env-file", "nope.env", "run", cwd=tmp_path)
    assert (missing.status, missing.last_line) == (2, "incident-bot: --env-file nope.env: there is no such file")


def test_the_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DATABASE_URL=foo\n")
    outcome = incident_bot("postmortem", "INC-1", cwd=tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    assert outcome.last_line.startswith("incident-bot: there is no database at sqlite:///")


def test_every_missing_and_malformed_setting_is_named_at_once(tmp_path: Path) -> None:
    outcome = incident_bot("run", cwd=tmp_path, DATABASE_URL="foo", PORT="http")
    assert outcome.status == 2
    assert outcome.stderr.strip() == (
        "incident-bot: DATABASE_URL 'foo' is not a database URL; write sqlite:///path/to/incidents.db or "
        "postgresql+psycopg://user:password@host:5432/incidents; PORT must be a number between 0 and 65535, "
        f"not 'http'; {MISSING_BOTH.removeprefix('incident-bot: ')}"
    )


def test_a_placeholder_token_is_called_a_placeholder(tmp_path: Path) -> None:
    outcome = incident_bot("run", cwd=tmp_path, SLACK_BOT_TOKEN="xoxb-…", SLACK_APP_TOKEN="xapp-your-app-token")
    assert outcome.status == 2
    assert outcome.last_line == (
        "incident-bot: SLACK_BOT_TOKEN is still the placeholder 'xoxb-…' (the Bot User OAuth Token, xoxb-…); "
        "SLACK_APP_TOKEN is still the placeholder 'xapp-your-app-token' (the app-level token, xapp-…)"
    )


def test_an_unsupported_database_is_named(tmp_path: Path) -> None:
    outcome = incident_bot("postmortem", "1", cwd=tmp_path, DATABASE_URL="mysql://root@db/incidents")
    assert outcome.status == 2
    assert outcome.last_line == (
        "incident-bot: DATABASE_URL mysql://root@db/incidents is not a database we run on; write "
        "sqlite:///path/to/incidents.db or postgresql+psycopg://user:password@host:5432/incidents"
    )


def test_a_placeholder_alert_webhook_token_is_named_with_the_rest(tmp_path: Path) -> None:
    outcome = incident_bot("run", cwd=tmp_path, PORT="http", ALERT_WEBHOOK_TOKEN="<your alert token>")
    assert outcome.status == 2
    assert outcome.last_line.startswith(
        "incident-bot: PORT must be a number between 0 and 65535, not 'http'; "
        "ALERT_WEBHOOK_TOKEN must be one word of printable characters, not a placeholder; "
    )
