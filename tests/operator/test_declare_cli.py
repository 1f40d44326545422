"""`incident-bot declare` as an operator runs it while Slack is down: the installed console script,
no Slack settings at all, the database alone. Bad input is one line and exit 2 with nothing written;
a database `run` never created or migrated is refused, never created."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.support.console import Outcome, incident_bot

LONG = "x" * 300


def declare(database_url: str, cwd: Path, *args: str, **settings: str) -> Outcome:
    return incident_bot("declare", *args, cwd=cwd, DATABASE_URL=database_url, LOG_LEVEL="WARNING", **settings)


def rows(engine: Engine, query: str) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query))]


def test_it_prints_the_number_at_once_and_records_who_and_where_from(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    (tmp_path / "policy.toml").write_text('default_severity = "sev4"\n')
    policy = {"INCIDENT_POLICY_FILE": str(tmp_path / "policy.toml")}

    first = declare(database_url, tmp_path, "Checkout is failing", LOGNAME="sre-carol", **policy)
    second = declare(database_url, tmp_path, "  Search  is slow ", "--severity", "SEV2", "--by", "U0ALICE", **policy)

    assert (first.status, first.stdout, second.stdout) == (0, "INC-1\n", "INC-2\n")
    assert first.stderr == "incident-bot: INC-1 declared; the running bot sets up its channel when Slack answers\n"
    assert rows(engine, "SELECT number, title, severity, status, declared_by FROM incident ORDER BY number") == [
        (1, "Checkout is failing", "sev4", "declared", "sre-carol"),
        (2, "Search is slow", "sev2", "declared", "U0ALICE"),
    ]
    assert rows(engine, "SELECT kind, source FROM timelineevent ORDER BY id") == [("declared", "cli")] * 2
    assert rows(engine, "SELECT role, user_id FROM roleassignment") == [("commander", "U0ALICE")]
    setups = rows(engine, "SELECT payload FROM outbox WHERE kind = 'setup_channel' ORDER BY id")
    assert [json.loads(payload)["invite"] for (payload,) in setups] == [[], ["U0ALICE"]]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("",), 'argument title: the title is empty; write one, e.g. "Checkout is failing"'),
        (("\u200b \u200b",), "argument title: the title is empty"),
        ((LONG,), "argument title: the title is 300 characters long; keep it to 200 or fewer"),
        (("Checkout", "--severity", "sev5"), "argument --severity: invalid choice: 'sev5'"),
        (("Checkout", "--by", "x" * 33), "argument --by: '" + "x" * 33 + "' is not a declarer"),
        (("Checkout", "--private"), "a private incident's channel shows only to whom it invites: add --by"),
        (("Checkout", "--private", "--by", "carol@example.com"), "a private incident's channel shows only"),
        ((), "the following arguments are required: title"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    engine: Engine, database_url: str, tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    outcome = declare(database_url, tmp_path, *args)

    assert (outcome.status, outcome.stdout) == (2, "")
    assert outcome.stderr.startswith(f"incident-bot: {said}") and outcome.stderr.count("\n") == 1, outcome.stderr
    assert rows(engine, "SELECT count(*) FROM incident") == [(0,)]
    assert rows(engine, "SELECT value FROM counter") == [(0,)]  # no number taken either
    assert rows(engine, "SELECT count(*) FROM outbox") == [(0,)]


def test_a_database_run_never_migrated_is_refused_not_created(database_url: str, tmp_path: Path) -> None:
    """An operator in the wrong directory must not declare into a new SQLite file nobody reads."""
    outcome = declare(database_url, tmp_path, "Checkout is failing")

    assert (outcome.status, outcome.stdout) == (1, "")
    assert outcome.stderr.count("\n") == 1
    if database_url.startswith("sqlite"):
        assert "there is no database at" in outcome.stderr and "check DATABASE_URL" in outcome.stderr
        assert not (tmp_path / "incidents.db").exists()
    else:
        assert "there is no incident database at" in outcome.stderr and "(no tables)" in outcome.stderr
