"""A watched alert message waits in the outbox until Slack tells its permalink: Slack already has
its 200 for the event and never sends it again, so a transient error reading the link must not
lose the alert. The event is marked handled in the same transaction that keeps it: a retry of the
event (same event_id) finds it handled, and a crash before the commit keeps nothing and marks
nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.core import dedupe
from bot.core.tx import Tx
from bot.store import outbox


def keep(tx: Tx, event_key: str, event: Mapping[str, Any]) -> bool:
    """Queue the alert message once per event; False when this event was already kept."""
    if not dedupe.first_time(tx, event_key):
        return False
    outbox.enqueue(tx.session, tx.now, "alert_message", None, {"event": dict(event)})
    return True
