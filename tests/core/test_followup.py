"""The postmortem's follow-through in the core, driven by an injectable clock: the reminder from
resolve until `done`, what stops and restarts it, the versioned re-render, and who may mark it done."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.core import due, followup, lifecycle, staffing
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.errors import IllegalTransition
from bot.core.permissions import Actor, Forbidden
from bot.core.policy import load_policy
from bot.core.postmortem import Postmortems
from bot.core.roles import Role
from bot.rendering import TemplateSet
from tests.core.factory import ALICE, BOB, CAROL, declare, events, outbox_rows

POSTMORTEMS = Postmortems(TemplateSet(None))


def reminders(desk: Desk) -> list[dict]:
    return [row["payload"] for row in outbox_rows(desk, "postmortem_reminder")]


def tick(desk: Desk, clock: ManualClock, **delta: float) -> None:
    clock.advance(**delta)
    desk.run(due.fire_due)


def resolved(desk: Desk, by: str = ALICE) -> int:
    number = declare(desk, by=by).incident.number
    desk.run(lifecycle.resolve, number, by, "Rolled back")
    return number


def test_the_commander_is_reminded_every_day_after_resolve_until_done(desk: Desk, clock: ManualClock) -> None:
    number = resolved(desk)
    tick(desk, clock, hours=23, minutes=59)
    assert reminders(desk) == []
    tick(desk, clock, minutes=1)
    assert reminders(desk) == [{"commander": ALICE}]
    tick(desk, clock, hours=23)
    assert len(reminders(desk)) == 1, "no faster than remind_every"
    tick(desk, clock, hours=1)
    assert len(reminders(desk)) == 2

    desk.run(followup.complete, number, Actor(ALICE))
    tick(desk, clock, days=3)
    assert len(reminders(desk)) == 2


def test_close_keeps_the_reminder_and_cancel_never_has_one(desk: Desk, clock: ManualClock) -> None:
    number = resolved(desk)
    desk.run(lifecycle.close, number, ALICE, POSTMORTEMS)
    tick(desk, clock, days=1)
    assert len(reminders(desk)) == 1

    cancelled = declare(desk, "False alarm").incident.number
    desk.run(lifecycle.cancel, cancelled, ALICE)
    tick(desk, clock, days=2)
    assert all(r["commander"] == ALICE for r in reminders(desk)) and len(reminders(desk)) == 2


def test_reopen_stops_it_and_resolving_again_starts_it_afresh(desk: Desk, clock: ManualClock) -> None:
    number = resolved(desk)
    clock.advance(hours=20)
    desk.run(lifecycle.reopen, number, BOB)
    tick(desk, clock, days=2)
    assert reminders(desk) == []

    desk.run(lifecycle.resolve, number, BOB)
    tick(desk, clock, hours=23)
    assert reminders(desk) == [], "a full day from the second resolve"
    tick(desk, clock, hours=1)
    assert len(reminders(desk)) == 1


def test_done_is_for_good_even_after_a_reopen(desk: Desk, clock: ManualClock) -> None:
    number = resolved(desk)
    desk.run(followup.complete, number, Actor(ALICE))
    desk.run(lifecycle.reopen, number, ALICE)
    desk.run(lifecycle.resolve, number, ALICE)
    tick(desk, clock, days=3)
    assert reminders(desk) == []


def test_the_policy_sets_the_interval(engine: Engine, clock: ManualClock, tmp_path: Path) -> None:
    desk = policy_desk(engine, clock, tmp_path, '[postmortem]\nremind_every = "6h"\n')
    resolved(desk)
    tick(desk, clock, hours=5)
    assert reminders(desk) == []
    tick(desk, clock, hours=1)
    tick(desk, clock, hours=6)
    assert len(reminders(desk)) == 2


def test_quiet_hours_hold_the_reminder_back_at_any_severity(engine: Engine, clock: ManualClock, tmp_path: Path) -> None:
    desk = policy_desk(engine, clock, tmp_path, '[quiet_hours]\ntimezone = "UTC"\nfrom = "19:00"\nto = "08:00"\n')
    clock.advance(hours=11)  # 20:00 UTC
    number = declare(desk, severity="sev1").incident.number
    desk.run(lifecycle.resolve, number, ALICE)
    tick(desk, clock, days=1)  # 20:00 the next day: quiet
    assert reminders(desk) == []
    tick(desk, clock, hours=12)  # 08:00
    assert len(reminders(desk)) == 1


def test_no_commander_reminds_the_channel(desk: Desk, clock: ManualClock) -> None:
    number = declare(desk, by=None).incident.number
    desk.run(lifecycle.resolve, number, BOB)
    tick(desk, clock, days=1)
    assert reminders(desk) == [{"commander": None}]


def test_done_needs_a_resolve_and_is_said_once(desk: Desk, clock: ManualClock) -> None:
    number = declare(desk).incident.number
    with pytest.raises(IllegalTransition, match="resolve it first"):
        desk.run(followup.complete, number, Actor(ALICE))
    desk.run(lifecycle.resolve, number, ALICE)
    desk.run(followup.complete, number, Actor(ALICE))
    with pytest.raises(IllegalTransition, match="already marked complete on 2026-01-05 09:00 UTC"):
        desk.run(followup.complete, number, Actor(ALICE))
    done = [e for e in events(desk, number) if e.kind == "postmortem_done"]
    assert [(e.actor, e.at) for e in done] == [(ALICE, clock.now())]


def policy_desk(engine: Engine, clock: ManualClock, tmp_path: Path, text: str) -> Desk:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    return Desk(engine, clock, policy=load_policy(str(path)))


def test_done_is_for_the_commander_or_whoever_may_close(engine: Engine, clock: ManualClock, tmp_path: Path) -> None:
    desk = policy_desk(engine, clock, tmp_path, '[permissions]\nclose = "roles"\n')
    number = declare(desk, by=ALICE).incident.number
    desk.run(staffing.assign, number, Role.SCRIBE, BOB, ALICE)
    desk.run(lifecycle.resolve, number, ALICE)
    # CAROL holds no role, and claiming one changes nothing (the gate looks)
    with pytest.raises(Forbidden, match="Only the commander or the incident's role holders"):
        desk.run(followup.complete, number, Actor(CAROL, holds_role=True))
    assert desk.run(followup.complete, number, Actor(BOB)).incident.id


def test_the_commander_may_where_only_a_group_may_close(engine: Engine, clock: ManualClock, tmp_path: Path) -> None:
    desk = policy_desk(engine, clock, tmp_path, '[permissions]\nclose = "subteam:S0SRE"\n')
    number = resolved(desk, by=ALICE)
    with pytest.raises(Forbidden, match="<!subteam"):
        desk.run(followup.complete, number, Actor(BOB))
    desk.run(followup.complete, number, Actor(ALICE))


def test_a_cancelled_incident_has_no_postmortem_to_render_or_complete(desk: Desk) -> None:
    number = declare(desk).incident.number
    desk.run(lifecycle.cancel, number, ALICE)
    for op, args in ((followup.redraft, (ALICE, POSTMORTEMS)), (followup.complete, (Actor(ALICE),))):
        with pytest.raises(IllegalTransition, match="no postmortem"):
            desk.run(op, number, *args)


def test_each_render_is_the_next_version_and_queues_its_own_upload(desk: Desk) -> None:
    number = resolved(desk)
    desk.run(lifecycle.close, number, ALICE, POSTMORTEMS)
    desk.run(followup.redraft, number, BOB, POSTMORTEMS)
    desk.run(followup.redraft, number, ALICE, POSTMORTEMS)

    uploads = [row["payload"] for row in outbox_rows(desk, "upload_postmortem")]
    assert uploads == [{"version": 1}, {"version": 2, "by": BOB}, {"version": 3, "by": ALICE}]
    drafts = [e.data["version"] for e in events(desk, number) if e.kind == "postmortem_draft"]
    assert drafts == [2, 3]
