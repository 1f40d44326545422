"""A drill scenario: declare the drill and replay its alerts on a timetable through the real alert
intake. The timetable is one schedule row (kind `drill_alerts`) holding the alerts still to come,
so the running bot's ticker replays each at its minute, a restart loses nothing, and resolving the
drill stops what is left (the ticker acts only for open incidents)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from bot.core import incidents, schedule
from bot.core.alerts import intake
from bot.core.alerts.signals import AlertAction, AlertBatch, AlertSignal
from bot.core.incidents import DeclareRequest
from bot.core.tx import Tx
from bot.core.views import Outcome
from bot.store.models import Incident, ScheduledItem

DRILL_ALERTS = "drill_alerts"


@dataclass(frozen=True)
class TimedAlert:
    after: timedelta  # from the drill's start (already compressed, when minutes are)
    batch: AlertBatch  # as the Alertmanager adapter parsed it


def start(tx: Tx, request: DeclareRequest, alerts: tuple[TimedAlert, ...]) -> Outcome:
    """Declare the drill and arm its timetable, in one transaction: a bad scenario declares nothing."""
    outcome = incidents.declare(tx, replace(request, drill=True))
    if alerts:
        row = tx.incident(outcome.incident.number)
        shift = tx.now - min(s.starts_at for a in alerts for s in a.batch.alerts)
        timetable = [{"due": (tx.now + a.after).isoformat(), "batch": _encode(_moved(a.batch, shift))} for a in alerts]
        timetable.sort(key=lambda entry: entry["due"])
        schedule.arm(tx.session, row, DRILL_ALERTS, datetime.fromisoformat(timetable[0]["due"]), alerts=timetable)
    return outcome


def fire(tx: Tx, row: Incident, item: ScheduledItem) -> None:
    """Replay what has fallen due into the drill; the row moves on to the next alert, if any."""
    timetable = schedule.payload(item)["alerts"]
    due = [entry for entry in timetable if datetime.fromisoformat(entry["due"]) <= tx.now]
    for entry in due:
        intake.ingest(tx, drill_batch(_decode(entry["batch"]), row.number))
    if rest := timetable[len(due) :]:
        item.due_at, item.payload = datetime.fromisoformat(rest[0]["due"]), json.dumps({"alerts": rest})


def drill_batch(batch: AlertBatch, number: int) -> AlertBatch:
    """The alert as the drill's own: its group key is the drill's, so it never meets a real group (or
    another run of the same scenario), and it joins INC-`number` instead of declaring or prompting."""
    key = hashlib.sha256(batch.key.encode()).hexdigest()[:32]
    return replace(batch, key=f"drill-{number}:{key}", drill=number, action=AlertAction.IGNORE)


def _moved(batch: AlertBatch, shift: timedelta) -> AlertBatch:
    """The scenario's times moved so its first alert starts when the drill does: an old recording
    reads as happening now, and the postmortem's key times make sense."""

    def moved(signal: AlertSignal) -> AlertSignal:
        ends = signal.ends_at + shift if signal.ends_at else None
        return replace(signal, starts_at=signal.starts_at + shift, ends_at=ends)

    return replace(batch, alerts=tuple(moved(s) for s in batch.alerts))


def _encode(batch: AlertBatch) -> dict[str, Any]:
    return json.loads(json.dumps(asdict(batch), default=lambda value: value.isoformat()))


def _decode(data: dict[str, Any]) -> AlertBatch:
    signals = tuple(_signal(s) for s in data["alerts"])
    return AlertBatch(**{**data, "action": AlertAction(data["action"]), "alerts": signals})


def _signal(data: dict[str, Any]) -> AlertSignal:
    ends = datetime.fromisoformat(data["ends_at"]) if data["ends_at"] else None
    return AlertSignal(**{**data, "starts_at": datetime.fromisoformat(data["starts_at"]), "ends_at": ends})
