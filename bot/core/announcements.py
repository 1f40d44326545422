"""Announcing declared incidents: one message per announce channel per minute.

The first declare after a quiet minute is announced at once, in a message of its own that opens a
window. Incidents declared while the window is open join that message: it is edited to list them
all (an `announce_list` item refreshes it), so a burst of declares makes one message, not one each.
Membership is the incident's `announce_ts` (the window message's ts), set in the transaction that
queues the refresh, so no incident is left out, whatever crashes in between: an incident without
it still has its own `announce_declared` item pending, and that item joins or opens a window."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, text

from bot.core.tx import Tx
from bot.core.views import IncidentView
from bot.store import outbox
from bot.store.models import Announcement, Incident

WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class Placement:
    """What an incident's announcement does: `post` its own message (it opened `window`), `wait` for
    the window's first message to be posted, or nothing more (it `joined` the window's message)."""

    action: str
    window: int | None = None


def place(tx: Tx, incident_id: int, channel: str, window: timedelta = WINDOW) -> Placement:
    """Open a window for this incident's announcement, or join the open one."""
    row = tx.session.get(Incident, incident_id)
    assert row is not None
    current = _latest(tx, channel)
    if row.announce_ts:
        if current and current.opener_id == incident_id and current.ts is None:
            current.ts = row.announce_ts  # its message went out before a crash took the rest
        return Placement("joined")
    if current is None or current.opened_at < tx.now - window:
        current = Announcement(channel=channel, opened_at=tx.now, opener_id=incident_id)
        tx.session.add(current)
        tx.session.flush()
    if current.opener_id == incident_id:
        return Placement("post", current.id)
    if current.ts is None:
        return Placement("wait", current.id)
    row.announce_ts = current.ts
    outbox.enqueue(tx.session, tx.now, "announce_list", current.opener_id, {"window": current.id}, coalesce=True)
    return Placement("joined", current.id)


def _latest(tx: Tx, channel: str) -> Announcement | None:
    """The channel's newest window. On PostgreSQL the channel is locked first (a transaction-scoped
    advisory lock: there may be no row yet to lock), so two declares never both open a window.
    SQLite needs nothing: its writers run one at a time."""
    if tx.session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"announce:{channel}".encode())
        tx.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    query = select(Announcement).where(Announcement.channel == channel).order_by(Announcement.id.desc()).limit(1)
    return tx.session.scalars(query).first()


def posted(tx: Tx, window: int) -> None:
    """The window's first message is in Slack (its ts stored as the opener's `announce_ts`):
    joiners may join it now."""
    current = tx.session.get(Announcement, window)
    assert current is not None
    opener = tx.session.get(Incident, current.opener_id)
    assert opener is not None
    current.ts = opener.announce_ts


@dataclass(frozen=True)
class Listing:
    channel: str
    ts: str
    incidents: list[IncidentView]


def listing(tx: Tx, window: int) -> Listing:
    """The window's message and every incident it announces, oldest first."""
    current = tx.session.get(Announcement, window)
    assert current is not None and current.ts is not None
    query = select(Incident).where(Incident.announce_ts == current.ts).order_by(Incident.number)
    return Listing(current.channel, current.ts, tx.views(list(tx.session.scalars(query))))
