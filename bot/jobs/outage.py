"""Noticing the end of a Slack outage. While deliveries keep failing transiently the items back
off (capped); the first success after that says Slack is back: every item waiting on a retry is
made due at once, so the backlog goes out now, in order, instead of at each item's next backoff.
When the outage lasted long enough for people to notice, `on_recovered` is told in the same
transaction (the Slack layer queues one "messages were delayed" line per incident). The state is
this process's: with several replicas each notices its own outage."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.core.clock import Clock
from bot.store import outbox

RecoveryHandler = Callable[[Session, datetime, timedelta], None]


class Outage:
    def __init__(
        self,
        clock: Clock,
        on_recovered: RecoveryHandler | None = None,
        notice_after: timedelta = timedelta(minutes=1),
    ) -> None:
        self.clock, self.on_recovered, self.notice_after = clock, on_recovered, notice_after
        self._since: datetime | None = None
        self._lock = threading.Lock()

    def failing(self) -> None:
        """A delivery failed transiently; the outage (if this is one) started at the first."""
        with self._lock:
            self._since = self._since or self.clock.now()

    def ended(self, session: Session) -> None:
        """A delivery succeeded: if deliveries were failing, Slack is back."""
        with self._lock:
            since, self._since = self._since, None
        if since is None:
            return
        now = self.clock.now()
        outbox.pull_forward(session, now)
        if self.on_recovered is not None and now - since >= self.notice_after:
            self.on_recovered(session, since, now - since)
