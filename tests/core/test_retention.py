"""Delivered outbox items and remembered request keys are purged once nothing needs them; what
is still pending, and what dedupe still needs, stays."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select
from sqlmodel import Session

from bot.core import dedupe
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.jobs.retention import (
    ANNOUNCEMENTS_KEPT,
    DELIVERED_KEPT,
    FAILED_KEPT,
    PACE_IDLE_KEPT,
    REQUEST_KEYS_KEPT,
    Retention,
)
from bot.store import outbox
from bot.store.models import Announcement, OutboxItem, PaceBucket, ProcessedRequest


def queue(engine: Engine, clock: ManualClock, kind: str, outcome: str | None) -> None:
    """An item queued now and, if `outcome` says so, delivered or failed at once."""
    with Session(engine) as session, session.begin():
        outbox.enqueue(session, clock.now(), kind, None)
        session.flush()
        item = session.scalars(select(OutboxItem).order_by(OutboxItem.id.desc())).first()
        assert item is not None and item.id is not None
        if outcome == "done":
            outbox.complete(session, item.id, clock.now())
        elif outcome == "failed":
            outbox.fail(session, item.id, clock.now(), "channel_not_found")


def kinds_left(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return sorted(session.scalars(select(OutboxItem.kind)))


def keys_left(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return sorted(session.scalars(select(ProcessedRequest.key)))


def test_old_deliveries_are_purged_and_pending_ones_kept(engine: Engine, clock: ManualClock) -> None:
    queue(engine, clock, "old_done", "done")
    queue(engine, clock, "old_failed", "failed")
    queue(engine, clock, "waiting", None)
    clock.advance(seconds=(DELIVERED_KEPT + timedelta(minutes=1)).total_seconds())
    queue(engine, clock, "recent_done", "done")

    assert Retention(engine, clock).sweep() == 1
    assert kinds_left(engine) == ["old_failed", "recent_done", "waiting"]

    clock.advance(seconds=FAILED_KEPT.total_seconds())
    Retention(engine, clock).sweep()
    assert kinds_left(engine) == ["waiting"]


def test_request_keys_are_kept_while_slack_may_resend_then_purged(engine: Engine, clock: ManualClock) -> None:
    desk = Desk(engine, clock)
    assert desk.run(dedupe.first_time, "event:Ev1")
    clock.advance(hours=2)  # past Slack's retries, inside the retention
    Retention(engine, clock).sweep()
    assert not desk.run(dedupe.first_time, "event:Ev1"), "a resent event is still recognised"

    clock.advance(seconds=REQUEST_KEYS_KEPT.total_seconds())
    Retention(engine, clock).sweep()
    assert keys_left(engine) == []


def test_a_sweep_goes_in_batches_until_done(engine: Engine, clock: ManualClock) -> None:
    for _ in range(5):
        queue(engine, clock, "done", "done")
    clock.advance(seconds=DELIVERED_KEPT.total_seconds() + 1)
    with Session(engine) as session, session.begin():
        assert outbox.purge(session, clock.now() - DELIVERED_KEPT, clock.now() - FAILED_KEPT, batch=2) == 2

    assert Retention(engine, clock).sweep() == 3
    assert kinds_left(engine) == []


def test_announcement_windows_and_idle_pace_buckets_are_purged(engine: Engine, clock: ManualClock) -> None:
    """Both grow with incidents (a window per busy minute, a bucket per channel posted to)."""
    now = clock.now()
    with Session(engine) as session, session.begin():
        old = now - ANNOUNCEMENTS_KEPT - timedelta(minutes=1)
        session.add(Announcement(channel="C0ANNOUNCE", opened_at=old, opener_id=1))
        session.add(Announcement(channel="C0ANNOUNCE", opened_at=now, opener_id=2))
        idle_since = (now - PACE_IDLE_KEPT - timedelta(minutes=1)).timestamp()
        session.add(PaceBucket(channel="C0QUIET", tokens=0.0, at=idle_since))
        session.add(PaceBucket(channel="C0BUSY", tokens=0.0, at=now.timestamp()))
    Retention(engine, clock).sweep()
    with Session(engine) as session:
        assert list(session.scalars(select(Announcement.opener_id))) == [2]
        assert list(session.scalars(select(PaceBucket.channel))) == ["C0BUSY"]
