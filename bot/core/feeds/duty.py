"""Who is on call for a schedule now, and whom to page. A rotation always has someone. A feed's copy
answers while it is fresh; when the feed has no good copy, has gone stale (STALE_AFTER refreshes
missed) or has nobody on call, the schedule's `fallback` people are paged too, so a broken feed never
means paging nobody. A stale copy's person is still paged: they are probably still on call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.feeds.calendar import FeedError
from bot.core.feeds.rosters import ROSTERS
from bot.core.policy.feeds import STALE_AFTER
from bot.core.policy.model import OncallSchedule
from bot.core.policy.oncall import Shift, next_shift, shift_at
from bot.core.tx import Tx
from bot.rendering import format_duration
from bot.store.models import OncallFeedCopy


@dataclass(frozen=True)
class Duty:
    schedule: OncallSchedule
    current: Shift | None
    following: Shift | None
    people: tuple[str, ...]  # whom a page reaches: the person on call, plus the fallback on a problem
    problem: str | None = None  # "is stale (last good 2h ago)": what is wrong with the feed
    age: timedelta | None = None  # since the feed last gave or confirmed its copy


def duties(tx: Tx) -> list[Duty]:
    return [duty(tx, schedule) for schedule in tx.policy.oncall.values()]


def duty(tx: Tx, schedule: OncallSchedule) -> Duty:
    if schedule.feed is None:
        current = shift_at(schedule, tx.now)
        return Duty(schedule, current, next_shift(schedule, tx.now), (current.user,))
    row = tx.session.get(OncallFeedCopy, schedule.name)
    if row is None or row.body is None or row.digest is None or row.source != schedule.feed.source:
        why = f" ({row.problem})" if row is not None and row.problem else ""
        return _broken(schedule, None, None, f"has no good copy yet{why}", None)
    return _from_copy(tx, schedule, row)


def _from_copy(tx: Tx, schedule: OncallSchedule, row: OncallFeedCopy) -> Duty:
    assert schedule.feed is not None and row.body is not None and row.digest is not None and row.good_at
    age = tx.now - row.good_at
    try:
        roster = ROSTERS.of(row.body, row.digest, schedule.feed.zone, tx.now)
    except FeedError as error:
        return _broken(schedule, None, None, f"has an unreadable copy ({error})", age)
    current, following = roster.at(tx.now), roster.after(tx.now)
    if age > schedule.feed.stale_after:
        return _broken(schedule, current, following, f"is stale (last good {format_duration(age)} ago)", age)
    if current is None:
        return _broken(schedule, None, following, "has nobody on call now", age)
    return Duty(schedule, current, following, (current.user,), None, age)


def _broken(
    schedule: OncallSchedule, current: Shift | None, following: Shift | None, problem: str, age: timedelta | None
) -> Duty:
    assert schedule.feed is not None
    people = ([current.user] if current else []) + list(schedule.feed.fallback)
    return Duty(schedule, current, following, tuple(dict.fromkeys(people)), problem, age)


def targets(tx: Tx, notify: tuple[str, ...]) -> tuple[list[str], list[Duty]]:
    """A level's `notify` entries as the people to page, and the duties whose fallback was needed."""
    people: list[str] = []
    broken: list[Duty] = []
    for entry in notify:
        if not entry.startswith("oncall:"):
            people.append(entry)
            continue
        found = duty(tx, tx.policy.oncall[entry[7:]])
        people.extend(found.people)
        broken += [found] if found.problem else []
    return list(dict.fromkeys(people)), broken


def stale(copy: OncallFeedCopy, now: datetime) -> bool:
    """For /metrics: no good copy, or none confirmed for STALE_AFTER refreshes."""
    if copy.good_at is None:
        return True
    good_at = copy.good_at if copy.good_at.tzinfo else copy.good_at.replace(tzinfo=UTC)  # SQLite: naive UTC
    return now - good_at > timedelta(seconds=copy.refresh_seconds * STALE_AFTER)
