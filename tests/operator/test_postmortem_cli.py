"""`incident-bot postmortem INC-n [--out FILE]` as an operator runs it when Slack is down: the
incident is run through the bot and the fake Slack, both are stopped, then the installed console
script reads the database alone."""

from __future__ import annotations

from pathlib import Path

from bot.core.clock import SystemClock
from bot.core.desk import Desk
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from tests.core.factory import declare
from tests.core.postmortem_scenarios import add_service
from tests.fakeslack import FakeSlack
from tests.support.console import incident_bot
from tests.support.harness import ALICE, BOB, Harness


def closed_through_slack(bot: Harness) -> str:
    """Declare, acknowledge, update, resolve and close through signed slash commands; the draft
    the bot uploaded (with people's display names)."""
    channel, _ = bot.declare("sev2 Payments API returning 500s")
    bot.send.command("ack", BOB, channel)
    bot.send.command("update Rolled back the deploy", BOB, channel)
    bot.wait_line(channel, "INC-1 update")
    bot.send.command("resolve Bad config reverted", ALICE, channel)
    bot.wait_line(channel, "INC-1 resolved")
    bot.send.command("close", ALICE, channel)
    bot.fake.wait_for(lambda: bot.fake.files)
    bot.idle()
    return bot.fake.files[0]["content"].decode()


def test_the_draft_is_written_to_a_file_with_slack_stopped(
    bot: Harness, fake: FakeSlack, database_url: str, tmp_path: Path
) -> None:
    uploaded = closed_through_slack(bot)
    slack = fake.api_url
    bot.stop()
    fake.stop()

    outcome = incident_bot(
        "postmortem", "INC-1", "--out", "INC-1.md", cwd=tmp_path,
        DATABASE_URL=database_url, SLACK_API_URL=slack, SLACK_BOT_TOKEN="xoxb-test", LOG_LEVEL="WARNING",
    )  # fmt: skip

    assert (outcome.status, outcome.stderr) == (0, "")
    assert outcome.stdout == "INC-1.md: the postmortem draft of INC-1\n"
    written = (tmp_path / "INC-1.md").read_text(encoding="utf-8")
    assert written == uploaded  # the draft stored at close, names and all
    assert "| Time to acknowledge |" in written and "Bob Baker" in written


def test_an_unknown_incident_writes_no_file(tmp_path: Path) -> None:
    _database_with_one_incident(tmp_path)

    outcome = incident_bot("postmortem", "INC-9", "--out", "INC-9.md", cwd=tmp_path, LOG_LEVEL="WARNING")

    assert (outcome.status, outcome.stderr) == (1, "incident-bot: There is no incident INC-9.\n")
    assert not (tmp_path / "INC-9.md").exists()


def test_an_unwritable_file_is_one_line(tmp_path: Path) -> None:
    _database_with_one_incident(tmp_path)

    missing = incident_bot("postmortem", "INC-1", "--out", "no/such/dir/x.md", cwd=tmp_path, LOG_LEVEL="WARNING")
    directory = incident_bot("postmortem", "INC-1", "--out", ".", cwd=tmp_path, LOG_LEVEL="WARNING")

    assert (missing.status, missing.stderr) == (
        1,
        "incident-bot: cannot write no/such/dir/x.md: No such file or directory\n",
    )
    assert (directory.status, directory.stderr) == (1, "incident-bot: cannot write .: Is a directory\n")


def test_the_draft_uses_the_policy_files_slos(tmp_path: Path) -> None:
    _database_with_one_incident(tmp_path, "checkout")
    (tmp_path / "policy.toml").write_text('[slo.checkout]\ntarget = 0.999\nwindow = "30d"\n')

    outcome = incident_bot("postmortem", "INC-1", cwd=tmp_path, INCIDENT_POLICY_FILE="policy.toml", LOG_LEVEL="WARNING")

    assert outcome.status == 0, outcome.stderr
    assert "| Error budget: checkout | consumed " in outcome.stdout
    assert "of the 30d budget of 43m 12s, SLO 99.9 %)" in outcome.stdout


def _database_with_one_incident(directory: Path, *services: str) -> None:
    engine = make_engine(f"sqlite:///{directory / 'incidents.db'}")
    upgrade(engine)
    desk = Desk(engine, SystemClock())
    declare(desk)
    for service in services:
        desk.run(add_service, 1, service, None)
    engine.dispose()
