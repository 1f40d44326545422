"""The stored copy of an on-call feed, between two replicas on one database: one claims each refresh,
either reads the copy the other stored (a restart does too), nonsense leaves the copy in force, and a
stale copy brings in the fallback. Fetches are given, not made: tests/oncall fetches over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from bot.core import oncall_groups
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.feeds.copies import Fetched, claim_due, settle
from bot.core.feeds.duty import duties
from bot.core.policy import Policy, load_policy
from bot.store.engine import make_engine
from bot.store.models import OutboxItem
from tests.support.ics_server import pagerduty

POLICY = """
[oncall.primary]
ical_file = "oncall.ics"
refresh = "10m"
fallback = ["U0DAVE"]
usergroup = "S0ONCALL"
"""


@pytest.fixture
def policy(tmp_path: Path) -> Policy:
    (tmp_path / "oncall.ics").write_text("")
    (tmp_path / "policy.toml").write_text(POLICY)
    return load_policy(str(tmp_path / "policy.toml"))


@pytest.fixture
def replicas(engine: Engine, database_url: str, clock: ManualClock, policy: Policy) -> Iterator[tuple[Desk, Desk]]:
    other = make_engine(database_url)
    yield Desk(engine, clock, policy=policy), Desk(other, clock, policy=policy)
    other.dispose()


def calendar(clock: ManualClock) -> bytes:
    now = clock.now()
    shifts = [("bob@example.com", now - timedelta(hours=1), now + timedelta(days=1))]
    return pagerduty([*shifts, ("carol@example.com", now + timedelta(days=1), now + timedelta(days=2))]).encode()


def refresh(desk: Desk, fetched: Fetched) -> int:
    claims = desk.run(claim_due)
    for claim in claims:
        desk.run(settle, claim, fetched)
    return len(claims)


def test_one_replica_fetches_each_refresh_and_the_other_reads_its_copy(
    replicas: tuple[Desk, Desk], clock: ManualClock
) -> None:
    first, second = replicas
    assert refresh(first, Fetched(calendar(clock), '"v1"')) == 1
    assert refresh(second, Fetched(unchanged=True)) == 0, "not due again for 10 minutes"
    [duty] = second.read(duties)
    assert duty.people == ("bob@example.com",) and duty.problem is None and duty.following
    clock.advance(minutes=10)
    claims = second.run(claim_due)
    assert [claim.etag for claim in claims] == ['"v1"'] and first.run(claim_due) == []


@pytest.mark.parametrize(
    ("fetched", "problem"),
    [
        (Fetched(problem="the feed answered HTTP 500"), "the feed answered HTTP 500"),
        (Fetched(b"<html>Sign in</html>"), "the feed is not an iCalendar file"),
        (Fetched(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), "nobody on call from now on"),
    ],
)
def test_nonsense_leaves_the_copy_in_force_until_it_goes_stale(
    replicas: tuple[Desk, Desk], clock: ManualClock, fetched: Fetched, problem: str
) -> None:
    first, second = replicas
    refresh(first, Fetched(calendar(clock)))
    clock.advance(minutes=10)
    refresh(second, fetched)
    [duty] = first.read(duties)
    assert duty.people == ("bob@example.com",) and duty.problem is None
    clock.advance(minutes=21)  # 31 minutes since the last good copy: three refreshes missed
    [duty] = first.read(duties)
    assert duty.people == ("bob@example.com", "U0DAVE") and duty.problem == "is stale (last good 31m ago)"


def test_a_first_empty_calendar_is_taken_and_pages_the_fallback(replicas: tuple[Desk, Desk]) -> None:
    first, _ = replicas
    [duty] = first.read(duties)
    assert duty.people == ("U0DAVE",) and duty.problem == "has no good copy yet"
    refresh(first, Fetched(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))
    [duty] = first.read(duties)
    assert duty.people == ("U0DAVE",) and duty.problem == "has nobody on call now" and duty.age == timedelta()


def test_a_user_group_update_is_queued_once_per_handoff_whichever_replica_sees_it(
    replicas: tuple[Desk, Desk], clock: ManualClock
) -> None:
    first, second = replicas
    refresh(first, Fetched(calendar(clock)))
    assert first.run(oncall_groups.follow_handoffs) == 1
    assert second.run(oncall_groups.follow_handoffs) == 0
    clock.advance(days=1)
    assert second.run(oncall_groups.follow_handoffs) == 1
    assert first.run(oncall_groups.follow_handoffs) == 0
    assert first.run(oncall_groups.resync) == 1, "start-up sets every group again"
    with first.engine.connect() as connection:
        payloads = connection.scalars(select(OutboxItem.payload).where(OutboxItem.kind == "usergroup_update")).all()
    assert ['"carol@example.com"' in payload for payload in payloads] == [False, True, True]
