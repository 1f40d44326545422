"""The core's front door: runs one operation in one transaction and returns its result."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from bot.core import reminders
from bot.core.clock import Clock
from bot.core.policy import DEFAULT_POLICY, Policy
from bot.core.runbooks import attaching as runbooks
from bot.core.tx import Tx
from bot.store.engine import readonly

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger(__name__)
ATTEMPTS = 3
FOLLOWERS = (reminders.follow, runbooks.follow)


class Desk:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        after_commit: Callable[[], None] = lambda: None,
        policy: Policy = DEFAULT_POLICY,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.policy = policy
        self.after_commit = after_commit  # wakes the outbox worker: effects go out at once, not on a poll
        self._reader = readonly(engine)

    def run(self, op: Callable[Concatenate[Tx, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `op` in a transaction. A unique-key race (two identical declares, a pin added twice)
        or a PostgreSQL serialization failure is retried: the second run sees the winner's row."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with Session(self.engine, expire_on_commit=False) as session, session.begin():
                    result = op(Tx(session, self.clock, policy=self.policy, followers=FOLLOWERS), *args, **kwargs)
                self.after_commit()
                return result
            except (IntegrityError, OperationalError) as error:
                if attempt == ATTEMPTS or not _retryable(error):
                    raise
                log.info("retrying %s after %s", getattr(op, "__name__", op), type(error.orig).__name__)
        raise AssertionError("unreachable")

    def read(self, op: Callable[Concatenate[Tx, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a query-only `op`: no row locks, no write lock on SQLite, nothing to deliver after."""
        with Session(self._reader, expire_on_commit=False) as session, session.begin():
            return op(Tx(session, self.clock, locking=False, policy=self.policy), *args, **kwargs)


def _retryable(error: IntegrityError | OperationalError) -> bool:
    if isinstance(error, IntegrityError):
        return True
    return getattr(error.orig, "sqlstate", None) in ("40001", "40P01")
