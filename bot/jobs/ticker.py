"""The reminder clock. APScheduler 3 runs one in-memory interval job per process; each run claims
what the database says is due (bot/core/due.py). No shared APScheduler job store: those are not
safe across processes, and the schedule table already is."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.events import EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler

from bot.core.actions import due as actions
from bot.core.desk import Desk
from bot.core.due import BATCH, fire_due
from bot.core.tx import Tx
from bot.metrics import observe_scheduler_lag

log = logging.getLogger(__name__)


class Ticker:
    def __init__(self, desk: Desk, interval: float = 1.0) -> None:
        self.desk = desk
        self.interval = interval
        self.scheduler = BackgroundScheduler(timezone=UTC)
        self._others: list[tuple[Callable[[], object], str]] = []

    def also(self, job: Callable[[], object], name: str) -> None:
        """Another job on the same clock (the on-call feeds): started with the reminders, run the same way."""
        self._others.append((job, name))

    def start(self) -> None:
        """The first pass runs at once, so what fell due while the bot was down goes out at start-up."""
        for job, name in [(self.tick, "reminders"), *self._others]:
            self.scheduler.add_job(
                job,
                "interval",
                seconds=self.interval,
                next_run_time=datetime.now(UTC),
                id=name,
                max_instances=1,  # a slow pass is never overlapped by the next
                coalesce=True,  # missed runs collapse into one
            )
        self.scheduler.add_listener(_lag, EVENT_JOB_EXECUTED)
        self.scheduler.start()

    def tick(self) -> int:
        """One pass: reminders, action items fallen due, the weekly action-item digest; returns how
        many rows fired."""
        fired = self._drain(fire_due) + self._drain(actions.remind_due)
        if self.desk.read(actions.digest_pending):
            self.desk.run(actions.weekly_digest)
        return fired

    def _drain(self, op: Callable[[Tx], int]) -> int:
        """Full batches are followed by another at once."""
        fired = claimed = self.desk.run(op)
        while claimed == BATCH:
            claimed = self.desk.run(op)
            fired += claimed
        return fired

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)


def _lag(event: JobExecutionEvent) -> None:
    """Scheduler lag for /metrics: from a pass's planned start to its end (a slow or late pass shows)."""
    observe_scheduler_lag((datetime.now(UTC) - event.scheduled_run_time).total_seconds())
