"""Runbook checklists in the core: which rules attach what and when (once each), and how a click
changes only the steps the clicker changed, whatever others did meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.core import incident_services, lifecycle
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.errors import IllegalTransition, InvalidInput
from bot.core.policy import load_policy
from bot.core.runbooks import attaching, ticks, views
from tests.core.factory import ALICE, BOB, CAROL, declare, events, outbox_rows

RULES = """[runbooks]
[[runbooks.attach]]
file = "sev1.md"
match = { severity = "SEV1" }
[[runbooks.attach]]
file = "checkout.md"
match = { service = "checkout", severity = "sev2" }
"""


@pytest.fixture
def rdesk(engine: Engine, clock: ManualClock, tmp_path: Path) -> Desk:
    (tmp_path / "runbooks").mkdir()
    (tmp_path / "runbooks" / "sev1.md").write_text("# Big one\n- [ ] Page the VP\n")
    (tmp_path / "runbooks" / "checkout.md").write_text("".join(f"- [ ] Step {n}\n" for n in range(1, 13)))
    (tmp_path / "policy.toml").write_text(RULES)
    return Desk(engine, clock, policy=load_policy(str(tmp_path / "policy.toml")))


def attached(desk: Desk, number: int = 1) -> list[str]:
    return [c.name for c in desk.read(views.of_incident, number)]


def test_rules_attach_at_the_declare_and_when_what_they_match_changes_each_once(rdesk: Desk) -> None:
    declare(rdesk, severity="sev1")
    assert attached(rdesk) == ["sev1"]
    assert outbox_rows(rdesk, "post_runbook") == []  # no channel yet: the set-up posts it after the card
    rdesk.run(lifecycle.set_severity, 1, "sev2", ALICE)
    rdesk.run(incident_services.add, 1, "checkout", ALICE)
    rdesk.run(incident_services.add, 1, "search", ALICE)
    rdesk.run(lifecycle.set_severity, 1, "sev1", ALICE)
    assert attached(rdesk) == ["sev1", "checkout"]
    told = [(e.kind, e.actor, e.data.get("reason")) for e in events(rdesk, 1) if e.kind == "runbook_attached"]
    assert told == [
        ("runbook_attached", None, "matched severity = SEV1"),
        ("runbook_attached", None, "matched service = checkout, severity = sev2"),
    ]


def test_by_hand_by_title_once(rdesk: Desk) -> None:
    declare(rdesk)
    assert rdesk.run(attaching.attach_named, 1, "big ONE", BOB) == attaching.Attached("Big one", True)
    assert rdesk.run(attaching.attach_named, 1, "sev1.md", BOB) == attaching.Attached("Big one", False)
    with pytest.raises(InvalidInput, match="No runbook"):
        rdesk.run(attaching.attach_named, 1, "nothing", BOB)
    assert attached(rdesk) == ["sev1"]


def checklist(desk: Desk) -> views.ChecklistView:
    return desk.read(views.of_incident, 1)[0]


def test_clicks_from_one_stale_screen_change_only_what_each_clicker_changed(rdesk: Desk) -> None:
    declare(rdesk, severity="sev2", services=("checkout",))
    book = checklist(rdesk)
    first = [s.id for s in book.steps[:10]]
    assert rdesk.run(ticks.change, book.id, first, set(), {first[0]}, BOB) == 1
    assert rdesk.run(ticks.change, book.id, first, set(), {first[1]}, CAROL) == 1  # Carol had not seen Bob's
    assert rdesk.run(ticks.change, book.id, first, set(), {first[1]}, ALICE) == 0  # already ticked: nothing
    assert rdesk.run(ticks.change, book.id, first, None, {first[0]}, ALICE) == 1  # no message: the stored state
    now = checklist(rdesk)
    assert [(s.done, s.changed_by) for s in now.steps[:3]] == [(True, BOB), (False, ALICE), (False, None)]
    assert (now.done, now.version) == (1, 3)
    said = [(e.actor, e.text, e.data["done"]) for e in events(rdesk, 1) if e.kind == "runbook_step"]
    assert said == [(BOB, "Step 1", True), (CAROL, "Step 2", True), (ALICE, "Step 2", False)]
    assert rdesk.read(lambda tx: tx.view(tx.incident(1)).checklists)[0].done == 1


def test_a_click_naming_other_steps_or_on_an_ended_incident_changes_nothing(rdesk: Desk) -> None:
    declare(rdesk, severity="sev2", services=("checkout",))
    book = checklist(rdesk)
    first, second = [s.id for s in book.steps[:10]], [s.id for s in book.steps[10:]]
    with pytest.raises(InvalidInput):
        rdesk.run(ticks.change, book.id, first, set(), {second[0]}, BOB)
    rdesk.run(lifecycle.cancel, 1, ALICE, "false alarm", confirmed=True)
    with pytest.raises(IllegalTransition, match="stays as it was"):
        rdesk.run(ticks.change, book.id, second, set(), {second[0]}, BOB)
    assert checklist(rdesk).done == 0
