"""`incident-bot postmortem INC-n`: the stored draft while it is current, a fresh one once the
record has moved on (a reopen, a later note)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.core import followup, lifecycle, timeline
from bot.core.desk import Desk
from bot.core.postmortem import Postmortems
from bot.rendering import TemplateSet
from tests.core.factory import ALICE, BOB, declare

POSTMORTEMS = Postmortems(TemplateSet())


def resolve_and_close(desk: Desk) -> None:
    desk.run(lifecycle.resolve, 1, ALICE, "Restarted the ledger")
    desk.run(lifecycle.close, 1, ALICE, POSTMORTEMS, {ALICE: "Alice Archer"})


def printed(database_url: str, monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path) -> str:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["postmortem", "INC-1"]) == 0
    return capsys.readouterr().out


def test_cli_shows_the_reopen_and_later_notes(
    desk: Desk, database_url: str, monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path
) -> None:
    declare(desk)
    resolve_and_close(desk)
    desk.run(lifecycle.reopen, 1, BOB)
    desk.run(timeline.add_note, 1, BOB, "The ledger failed again at 10:02")

    draft = printed(database_url, monkeypatch, capsys, tmp_path)

    assert f"{BOB} reopened the incident" in draft
    assert "The ledger failed again at 10:02" in draft
    assert "| Resolved | not resolved yet |" in draft


def test_a_closed_incident_with_nothing_new_keeps_the_stored_draft_with_names(desk: Desk) -> None:
    declare(desk)
    resolve_and_close(desk)

    assert "Alice Archer declared the incident" in desk.run(POSTMORTEMS.draft, 1)


def test_a_draft_rendered_again_after_the_close_is_served_with_names(desk: Desk) -> None:
    declare(desk)
    resolve_and_close(desk)
    desk.run(followup.redraft, 1, BOB, POSTMORTEMS, {ALICE: "Alice Archer", BOB: "Bob Baker"})

    draft = desk.run(POSTMORTEMS.draft, 1)
    assert "Alice Archer declared the incident" in draft
    assert "Bob Baker closed" not in draft and "Alice Archer closed the incident" in draft


def test_a_note_after_the_close_is_in_the_draft(desk: Desk) -> None:
    declare(desk)
    resolve_and_close(desk)
    desk.run(timeline.add_note, 1, BOB, "Follow-up: alert on ledger lag")

    assert "Follow-up: alert on ledger lag" in desk.run(POSTMORTEMS.draft, 1)


def test_closing_again_after_a_reopen_stores_the_new_draft(desk: Desk) -> None:
    declare(desk)
    resolve_and_close(desk)
    desk.run(lifecycle.reopen, 1, BOB)
    resolve_and_close(desk)

    draft = desk.run(POSTMORTEMS.draft, 1)
    assert "Alice Archer reopened" not in draft and "reopened the incident" in draft
    assert draft.count("Alice Archer closed the incident") == 2
