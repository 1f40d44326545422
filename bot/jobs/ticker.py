"""The reminder clock. APScheduler 3 runs one in-memory interval job per process; each run claims
what the database says is due (bot/core/due.py). No shared APScheduler job store: those are not
safe across processes, and the schedule table already is."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler

from bot.core.desk import Desk
from bot.core.due import BATCH, fire_due

log = logging.getLogger(__name__)


class Ticker:
    def __init__(self, desk: Desk, interval: float = 1.0) -> None:
        self.desk = desk
        self.interval = interval
        self.scheduler = BackgroundScheduler(timezone=UTC)

    def start(self) -> None:
        """The first pass runs at once, so what fell due while the bot was down goes out at start-up."""
        self.scheduler.add_job(
            self.tick,
            "interval",
            seconds=self.interval,
            next_run_time=datetime.now(UTC),
            id="reminders",
            max_instances=1,  # a slow pass is never overlapped by the next
            coalesce=True,  # missed runs collapse into one
        )
        self.scheduler.start()

    def tick(self) -> int:
        """One pass: full batches are followed by another at once; returns how many rows fired."""
        fired = claimed = self.desk.run(fire_due)
        while claimed == BATCH:
            claimed = self.desk.run(fire_due)
            fired += claimed
        return fired

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
