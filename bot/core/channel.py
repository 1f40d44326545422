"""What the incident's Slack artefacts are, stored as the delivery worker learns them, so a
retried step finds its earlier result instead of creating a second channel or card."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.runbooks import attaching as runbooks
from bot.core.tx import Tx
from bot.core.views import IncidentView
from bot.store.models import Incident

FOLLOW_UPS = ("reply_declared", "post_card", "announce_declared")  # the declarer hears first


def by_id(tx: Tx, incident_id: int) -> IncidentView:
    row = tx.session.get(Incident, incident_id)
    assert row is not None
    return tx.view(row)


def owner_of(tx: Tx, channel_id: str) -> int | None:
    return tx.session.scalars(select(Incident.number).where(Incident.channel_id == channel_id)).first()


def attach(tx: Tx, incident_id: int, channel_id: str, name: str, invite: list[str], reply_to: str | None) -> None:
    """Store the channel and queue everything that needs it, in one transaction."""
    row = tx.session.get(Incident, incident_id)
    assert row is not None
    row.channel_id, row.channel_name = channel_id, name
    if invite:
        tx.enqueue("invite", row, {"users": invite})
    for kind in FOLLOW_UPS:
        tx.enqueue(kind, row, {"reply_to": reply_to} if kind == "reply_declared" else None)
    runbooks.post_waiting(tx, row)


def remember(tx: Tx, incident_id: int, **fields: str) -> None:
    """Record what Slack returned (card ts, topic, announcement ts)."""
    row = tx.session.get(Incident, incident_id)
    assert row is not None
    for name, value in fields.items():
        assert name in ("card_ts", "topic", "announce_ts")
        setattr(row, name, value)


def stored(tx: Tx, incident_id: int, name: str) -> str | None:
    """A stored artefact: the topic last set, the announcement's ts, or the postmortem draft."""
    assert name in ("topic", "announce_ts", "postmortem")
    row = tx.session.get(Incident, incident_id)
    return getattr(row, name) if row else None
