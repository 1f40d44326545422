"""What `/healthz` and `/readyz` answer. Liveness (`/healthz`) fails only when this process cannot
work at all (no database); Slack being down is `degraded`, still 200, so an orchestrator does not
restart a bot that is queueing work through a Slack outage. Readiness (`/readyz`) says whether
Slack has been reached since start-up."""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import Engine, text

log = logging.getLogger(__name__)
OK, UNAVAILABLE = "200 OK", "503 Service Unavailable"
Answer = tuple[str, dict[str, Any]]


class SlackLink:
    """Whether this process has reached Slack since it started, and if not, the last reason why."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reached = False
        self.reason: str | None = "not tried yet"

    def up(self) -> bool:
        """Mark Slack reached; True the first time, so start-up says so once (prepare() reaches Slack,
        then start() finishes what remains: each succeeds, only the first is news)."""
        with self._lock:
            news = not self.reached
            self.reached, self.reason = True, None
            return news

    def down(self, reason: str) -> None:
        with self._lock:
            self.reached, self.reason = False, reason

    def report(self) -> dict[str, Any]:
        with self._lock:
            return {"slack": "ok"} if self.reached else {"slack": "not reached", "reason": self.reason}


def health(engine: Engine, link: SlackLink | None) -> Answer:
    if not _database_answers(engine):
        return UNAVAILABLE, {"ok": False, "status": "down", "database": "unreachable"}
    body: dict[str, Any] = {"ok": True, "status": "ok", "database": "ok"}
    if link is not None:
        body |= link.report()
        body["status"] = "ok" if body["slack"] == "ok" else "degraded"
    return OK, body


def readiness(link: SlackLink | None) -> Answer:
    report = link.report() if link is not None else {"slack": "ok"}
    return (OK if report["slack"] == "ok" else UNAVAILABLE), {"ready": report["slack"] == "ok", **report}


def _database_answers(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        log.warning("health check: the database is unreachable: %s", error)  # the detail stays in the log
        return False
    return True
