"""Refreshing a feed's stored copy. One replica claims each due refresh (by moving `due_at` with a
conditional UPDATE), fetches outside any transaction, then settles what came back: a new calendar
replaces the copy, a 304 confirms it, anything else leaves it in force and says why.

"Nonsense" is refused like a failure: a body that is no calendar, or one with nobody on call from now
on when the copy in force has someone (an emptied calendar, a half-written export)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update

from bot.core.feeds.calendar import FeedError
from bot.core.feeds.roster import Roster
from bot.core.feeds.rosters import ROSTERS
from bot.core.policy.feeds import OncallFeed
from bot.core.tx import Tx
from bot.store.models import OncallFeedCopy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claim:
    """A refresh this replica won: what to fetch and the validators for a conditional request."""

    schedule: str
    feed: OncallFeed
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class Fetched:
    """What a fetch brought: a body (with its validators), `unchanged` (304), or a problem."""

    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    unchanged: bool = False
    problem: str | None = None


def claim_due(tx: Tx) -> list[Claim]:
    """The refreshes this replica won; copies of schedules the policy no longer has are dropped."""
    names = [name for name, schedule in tx.policy.oncall.items() if schedule.feed]
    tx.session.execute(delete(OncallFeedCopy).where(OncallFeedCopy.schedule.not_in(names)))  # type: ignore[attr-defined]
    return [claim for name in names if (claim := _claim(tx, name))]


def _claim(tx: Tx, name: str) -> Claim | None:
    feed = tx.policy.oncall[name].feed
    assert feed is not None
    row = _row(tx, name, feed)
    moved = tx.session.execute(
        update(OncallFeedCopy)
        .where(OncallFeedCopy.schedule == name, OncallFeedCopy.due_at <= tx.now)
        .values(due_at=tx.now + feed.refresh)
    )
    return Claim(name, feed, row.etag, row.last_modified) if moved.rowcount == 1 else None  # type: ignore[attr-defined]


def _row(tx: Tx, name: str, feed: OncallFeed) -> OncallFeedCopy:
    """The schedule's row, made due now when new or when the policy now names another feed."""
    row = tx.session.get(OncallFeedCopy, name)
    if row is None or row.source != feed.source:
        if row is not None:
            tx.session.delete(row)
            tx.session.flush()
        row = OncallFeedCopy(schedule=name, source=feed.source, due_at=tx.now, refresh_seconds=0)
        tx.session.add(row)
    row.refresh_seconds = int(feed.refresh.total_seconds())
    tx.session.flush()
    return row


def settle(tx: Tx, claim: Claim, fetched: Fetched) -> None:
    row = tx.session.get(OncallFeedCopy, claim.schedule)
    if row is None or row.source != claim.feed.source:
        return  # the policy changed meanwhile: this answer is for a feed no longer named
    row.checked_at = tx.now
    problem = fetched.problem or (None if fetched.unchanged else _refused(tx, row, claim.feed, fetched))
    if problem:
        if problem[:500] != row.problem:  # said once per problem, not at every refresh
            log.warning("on-call feed %s: %s; the last good copy stays in force", claim.schedule, problem)
        row.problem = problem[:500]
        return
    if not fetched.unchanged:
        assert fetched.body is not None
        row.body, row.digest = fetched.body.decode("utf-8", "replace"), _digest(fetched.body)
        row.etag, row.last_modified = fetched.etag, fetched.last_modified
    row.good_at, row.problem = tx.now, None


def _refused(tx: Tx, row: OncallFeedCopy, feed: OncallFeed, fetched: Fetched) -> str | None:
    """Why a new body can't replace the copy, or None when it can."""
    assert fetched.body is not None
    try:
        new = ROSTERS.of(fetched.body.decode("utf-8", "replace"), _digest(fetched.body), feed.zone, tx.now)
    except FeedError as error:
        return f"the feed {error}"
    if _ahead(new, tx.now) or row.body is None or row.digest is None:
        return None
    if _ahead(ROSTERS.of(row.body, row.digest, feed.zone, tx.now), tx.now):
        return "the feed has nobody on call from now on, where the last good copy has"
    return None


def _ahead(roster: Roster, now: datetime) -> bool:
    return roster.at(now) is not None or roster.after(now) is not None


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
