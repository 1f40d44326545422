"""What an outbox handler sees and says: the item (`Delivery`), and how a delivery that did not
succeed ends: `Retry` later or `GiveUp` and tell someone. The worker (bot/jobs/outbox_worker.py)
acts on them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

WAITING = "waiting"
PACED = "paced"  # the code of a post our own per-channel pace held back (bot/slack/pacing.py)


class Retry(Exception):
    """Try this item again later: a transient failure (5xx, timeout, unreachable, a dependency not
    ready yet). It is retried for PATIENCE, however many attempts that takes, so an outage never
    exhausts them. `counts=False` for a wait that is not a failure (a rate limit): it does not even
    grow the backoff. `code` names the failure for the metrics (a Slack error code); the default,
    WAITING, is a wait on something else (the item's channel), not a sign that Slack is down.
    `unsent=True` says nothing of this delivery reached Slack (a 429, a post the pacer held back,
    nothing called yet), so the next one need not look for what this one did."""

    def __init__(
        self,
        reason: str,
        after: float | None = None,
        *,
        counts: bool = True,
        code: str = WAITING,
        unsent: bool = False,
    ) -> None:
        super().__init__(reason)
        self.after = after
        self.counts = counts
        self.code = code
        self.unsent = unsent


class GiveUp(Exception):
    """This item can never succeed; stop and tell someone. `code` is the service's error code."""

    def __init__(self, reason: str, code: str | None = None) -> None:
        super().__init__(reason)
        self.code = code


@dataclass(frozen=True)
class Delivery:
    """An item as a handler sees it: what to do, how many times it failed before, whether it was
    handed out before (`resumed`: an earlier run, perhaps in a process that died, may have reached
    Slack, so look before creating anything), and the progress that run recorded."""

    id: int
    kind: str
    incident_id: int | None
    payload: dict
    attempts: int
    created_at: datetime | None = None
    resumed: bool = False
    progress: dict[str, Any] = field(default_factory=dict)
    recorder: Callable[[int, dict[str, Any]], None] | None = field(default=None, compare=False, repr=False)

    def record(self, **progress: Any) -> None:
        """Store what Slack returned so far, before the next step that cannot be taken twice."""
        assert self.recorder is not None
        self.recorder(self.id, {**self.progress, **progress})


Handler = Callable[[Delivery], None]
FailureHandler = Callable[[Delivery, str], None]
