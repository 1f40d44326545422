"""Per-channel token buckets for `chat.postMessage`, shared by every replica through PostgreSQL.

Slack allows about one message per second per channel, with short bursts. A bucket holds up to
`capacity` posts and refills at `rate` per second; a post takes one token or is told how long
until one is free. The state is one row per channel (`pace`), read and written under its row lock
in one short transaction, so replicas never both spend the last token. Time is each replica's
clock (keep them in NTP's step; a skew of a few milliseconds only shifts the pace that much)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from bot.store.models import PaceBucket


@dataclass
class Bucket:
    """`capacity` posts at once, refilled at `rate` per second; `at` is when `tokens` was counted."""

    capacity: float
    rate: float
    tokens: float
    at: float

    def take(self, now: float) -> float:
        """Spend a token: 0.0 when one was free, else the seconds until one will be (nothing spent)."""
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


def take_shared(session: Session, channel: str, now: float, capacity: float, rate: float) -> float:
    """`Bucket.take` on the channel's row, under its lock (PostgreSQL); the caller commits."""
    # Create the row, or lock it if it exists (an update on conflict takes the row lock), so the
    # retention sweep cannot delete an idle bucket between this statement and the read below.
    fresh = insert(PaceBucket).values(channel=channel, tokens=capacity, at=now)
    session.execute(fresh.on_conflict_do_update(index_elements=["channel"], set_={"at": PaceBucket.at}))
    row = session.scalars(select(PaceBucket).where(PaceBucket.channel == channel).with_for_update()).one()
    bucket = Bucket(capacity, rate, row.tokens, row.at)
    wait = bucket.take(now)
    row.tokens, row.at = bucket.tokens, bucket.at
    return wait
