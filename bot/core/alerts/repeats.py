"""Re-sends of alerts an earlier group of the key already has. Alertmanager re-sends a firing group
every `repeat_interval` (and an HA pair sends everything twice), also after the incident ended. Such
a re-send goes back to the group that has the alert, never into a new incident: it changes nothing
but a resolve, and an alert still firing after its incident was resolved is told to the channel once
("reopen?"). So a cancelled incident mutes exactly its alerts until they resolve, and only a new
firing (a new `startsAt`, a fingerprint never seen) opens a new incident."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.alerts import groups
from bot.core.alerts.signals import AlertBatch, AlertSignal
from bot.core.status import Status
from bot.core.tx import Tx
from bot.store.models import Alert, AlertGroup, Incident

OWN_START = frozenset({"alertmanager"})  # sources whose startsAt is the alert's own: a new one is a new firing

Owned = dict[int, tuple[AlertSignal, ...]]


def split(tx: Tx, batch: AlertBatch, current: int | None) -> tuple[Owned, tuple[AlertSignal, ...]]:
    """The signals an earlier group of the key has (by group), and the rest, for the open group
    `current` or a new one."""
    rows = _candidates(tx, batch)
    owned: dict[int, list[AlertSignal]] = {}
    rest: list[AlertSignal] = []
    for signal in batch.alerts:
        seen = rows.get(signal.fingerprint[:64], ())
        owner = next((r.group_id for r in seen if _same(r, signal, batch.source)), current)
        if owner is None or owner == current:
            rest.append(signal)
        else:
            owned.setdefault(owner, []).append(signal)
    return {group_id: tuple(signals) for group_id, signals in owned.items()}, tuple(rest)


def _candidates(tx: Tx, batch: AlertBatch) -> dict[str, list[Alert]]:
    """The key's alerts with the batch's fingerprints, by fingerprint, newest first."""
    fingerprints = {s.fingerprint[:64] for s in batch.alerts}
    query = (
        select(Alert)
        .join(AlertGroup, AlertGroup.id == Alert.group_id)
        .where(AlertGroup.key == batch.key, Alert.fingerprint.in_(fingerprints))
        .order_by(Alert.id.desc())
    )
    found: dict[str, list[Alert]] = {}
    for alert in tx.session.scalars(query):
        found.setdefault(alert.fingerprint, []).append(alert)
    return found


def _same(row: Alert, signal: AlertSignal, source: str) -> bool:
    """The same alert (fingerprints match): the same startsAt; for a source whose start is only when
    we heard of it (events, watched messages), any while it still fires."""
    return row.starts_at == signal.starts_at or (row.firing and source not in OWN_START)


def replay(tx: Tx, group_id: int, signals: tuple[AlertSignal, ...]) -> tuple[AlertGroup, groups.Changes]:
    """Give an earlier group its alerts' news: resolves are recorded, a firing re-send changes nothing,
    except that it is told once per alert while the group's incident is resolved."""
    group = groups.lock(tx, group_id)  # groups are locked in id order (see intake.ingest): no deadlock
    changes = groups.store(tx, group, signals)
    incident = groups.incident_of(tx, group)
    if incident is not None and incident.status == Status.RESOLVED:
        _tell(tx, incident, group, signals)
    return group, changes


def _tell(tx: Tx, incident: Incident, group: AlertGroup, signals: tuple[AlertSignal, ...]) -> None:
    """One line in the resolved incident's channel for the alerts it was not told of yet."""
    if untold := _untold(tx, group, signals):
        names = [a.name for a in untold[: groups.MAX_NAMES]]
        tx.enqueue("alerts_still_firing", incident, {"alerts": names, "more": len(untold) - len(names)})


def _untold(tx: Tx, group: AlertGroup, signals: tuple[AlertSignal, ...]) -> list[Alert]:
    """The group's alerts these signals say still fire and nobody was told of yet, now marked told."""
    firing = {s.fingerprint[:64] for s in signals if s.firing}
    untold = [a for a in groups.firing_alerts(tx, group) if a.fingerprint in firing and a.asked_at is None]
    for alert in untold:
        alert.asked_at = tx.now
    return untold
