"""Alert groups and their alerts in the database: find the open group of a key, store alerts
once by identity, and tie a group to its incident (also when a person declares from a prompt)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.core import incident_services
from bot.core.alerts.signals import AlertBatch, AlertSignal
from bot.core.status import OPEN
from bot.core.tx import Tx
from bot.store import outbox
from bot.store.models import Alert, AlertGroup, Incident

DIGEST_EVERY = timedelta(minutes=1)  # at most one alert message per incident per minute
MAX_NAMES = 10  # alert names spelled out in one timeline entry; the rest are counted


@dataclass(frozen=True)
class Changes:
    firing: list[Alert]
    resolved: list[Alert]

    def __bool__(self) -> bool:
        return bool(self.firing or self.resolved)


def open_group(tx: Tx, key: str) -> AlertGroup | None:
    query = select(AlertGroup).where(AlertGroup.open_key == key)
    if tx.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return tx.session.scalars(query).first()


def lock(tx: Tx, group_id: int) -> AlertGroup:
    """A group by id, locked like `open_group`: two deliveries for it take turns."""
    query = select(AlertGroup).where(AlertGroup.id == group_id)
    if tx.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return tx.session.scalars(query).one()


def start(tx: Tx, batch: AlertBatch, previous: int | None) -> AlertGroup:
    """A new group: open (its key taken) when it starts with a firing alert, else history only."""
    live = any(a.firing for a in batch.alerts)
    group = AlertGroup(
        key=batch.key,
        open_key=batch.key if live else None,
        source=batch.source,
        action=batch.action,
        title=batch.title,
        severity=batch.severity,
        previous_incident_id=previous,
        prompt_channel=batch.prompt_channel,
        prompt_thread=batch.prompt_thread,
        links=json.dumps(dict(batch.links)),
        opened_at=tx.now,
        resolved_at=None if live else tx.now,
    )
    tx.session.add(group)
    tx.session.flush()
    return group


def news(tx: Tx, key: str, signals: tuple[AlertSignal, ...]) -> tuple[AlertSignal, ...]:
    """Signals that are not late re-sends (an HA twin, an out-of-order message) of alerts the key's
    last group already saw resolved: those started no later than that alert ended."""
    last = select(AlertGroup.id).where(AlertGroup.key == key).order_by(AlertGroup.id.desc()).limit(1)
    query = select(Alert.fingerprint, Alert.ends_at, Alert.resolved_at).where(
        Alert.group_id == last.scalar_subquery(), Alert.firing.is_(False)
    )
    ended = {fp: ends or resolved for fp, ends, resolved in tx.session.execute(query)}
    return tuple(s for s in signals if s.fingerprint not in ended or s.starts_at > ended[s.fingerprint])


def last_group(tx: Tx, key: str) -> AlertGroup | None:
    """The key's newest group, open or not."""
    query = select(AlertGroup).where(AlertGroup.key == key).order_by(AlertGroup.id.desc()).limit(1)
    return tx.session.scalars(query).first()


def incident_of(tx: Tx, group: AlertGroup) -> Incident | None:
    return tx.session.get(Incident, group.incident_id) if group.incident_id else None


def ended(tx: Tx, group: AlertGroup) -> bool:
    """An incident group ends with its incident (resolved, closed, cancelled); a prompt with its alerts."""
    incident = incident_of(tx, group)
    if incident is not None:
        return incident.status not in OPEN
    return group.resolved_at is not None


def store(tx: Tx, group: AlertGroup, signals: tuple[AlertSignal, ...]) -> Changes:
    """Insert alerts not seen before and mark firing ones resolved; anything else is a re-send."""
    assert group.id is not None
    rows = list(tx.session.scalars(select(Alert).where(Alert.group_id == group.id)))
    known = {(a.fingerprint, a.starts_at): a for a in rows}
    live = {a.fingerprint: a for a in rows if a.firing}  # a source without startsAt (events) names alerts by key
    changes = Changes([], [])
    for signal in signals:
        alert = known.get((signal.fingerprint, signal.starts_at)) or live.get(signal.fingerprint)
        if alert is None:
            alert = known[(signal.fingerprint, signal.starts_at)] = _insert(tx, group.id, signal)
            (changes.firing if signal.firing else changes.resolved).append(alert)
            if signal.firing:
                live[signal.fingerprint] = alert
        elif alert.firing and not signal.firing:
            alert.firing, alert.resolved_at, alert.ends_at = False, tx.now, signal.ends_at or tx.now
            live.pop(alert.fingerprint, None)
            changes.resolved.append(alert)
    tx.session.flush()
    return changes


def _insert(tx: Tx, group_id: int, signal: AlertSignal) -> Alert:
    alert = Alert(
        group_id=group_id,
        fingerprint=signal.fingerprint[:64],
        starts_at=signal.starts_at,
        ends_at=signal.ends_at or (None if signal.firing else tx.now),
        firing=signal.firing,
        name=signal.name[:200],
        labels=json.dumps(dict(signal.labels)),
        annotations=json.dumps(dict(signal.annotations)),
        url=(signal.url or None) and signal.url[:500],
        received_at=tx.now,
        resolved_at=None if signal.firing else tx.now,
    )
    tx.session.add(alert)
    return alert


def all_resolved(tx: Tx, group: AlertGroup) -> bool:
    query = select(Alert.id).where(Alert.group_id == group.id, Alert.firing.is_(True)).limit(1)
    return tx.session.execute(query).first() is None


def firing_alerts(tx: Tx, group: AlertGroup) -> list[Alert]:
    return list(tx.session.scalars(select(Alert).where(Alert.group_id == group.id, Alert.firing.is_(True))))


def adopt(tx: Tx, group: AlertGroup, incident: Incident, changes: Changes) -> None:
    """The group now belongs to `incident`: its alerts join the timeline and its links (runbook,
    dashboard, the alert message) become the channel's bookmarks."""
    group.incident_id = incident.id
    if incident.impact_started_at is None:
        incident.impact_started_at = _first_start(tx, group)
    if links := json.loads(group.links):
        incident.links = json.dumps({**json.loads(incident.links or "{}"), **links})
        tx.enqueue("bookmark_links", incident, {"links": links})
    join(tx, group, incident, changes)


def join(tx: Tx, group: AlertGroup, incident: Incident, changes: Changes) -> None:
    """Record what changed on the incident's timeline and queue the batched alert message."""
    tx.record(incident, "alert", None, summary(changes), source=group.source, data=_counts(changes))
    incident_services.from_labels(tx, incident, [json.loads(a.labels) for a in changes.firing], group.source)
    schedule_digest(tx, group)


def declared_for(tx: Tx, group_id: int) -> Incident | None:
    """The open incident a prompt's group already has: a second click declares nothing new."""
    group = tx.session.get(AlertGroup, group_id)
    incident = incident_of(tx, group) if group else None
    return incident if incident is not None and incident.status in OPEN else None


def attach(tx: Tx, group_id: int, incident: Incident) -> None:
    """Tie a prompt's group to the incident a person declared from it."""
    group = tx.session.get(AlertGroup, group_id)
    if group is None or group.incident_id is not None:
        return
    adopt(tx, group, incident, Changes(firing_alerts(tx, group), []))
    refresh_prompt(tx, group)


def _first_start(tx: Tx, group: AlertGroup) -> datetime | None:
    query = select(Alert.starts_at).where(Alert.group_id == group.id).order_by(Alert.starts_at).limit(1)
    return tx.session.scalars(query).first()


def summary(changes: Changes) -> str:
    """ "3 firing: A, B, C; 1 resolved: D", naming at most MAX_NAMES of each."""
    parts = (_named("firing", changes.firing), _named("resolved", changes.resolved))
    return "; ".join(p for p in parts if p)


def _named(state: str, alerts: list[Alert]) -> str:
    if not alerts:
        return ""
    names = ", ".join(a.name for a in alerts[:MAX_NAMES])
    more = f" and {len(alerts) - MAX_NAMES} more" if len(alerts) > MAX_NAMES else ""
    return f"{len(alerts)} {state}: {names}{more}"


def _counts(changes: Changes) -> dict[str, int]:
    return {"firing": len(changes.firing), "resolved": len(changes.resolved)}


def schedule_digest(tx: Tx, group: AlertGroup, wait: timedelta = timedelta(0)) -> None:
    """One waiting digest per group, due a minute after the last one went out (and `wait` from now)."""
    due = max(tx.now + wait, group.digest_at + DIGEST_EVERY if group.digest_at else tx.now)
    outbox.enqueue(tx.session, tx.now, "alert_digest", None, {"group": group.id}, coalesce=True, not_before=due)


def refresh_prompt(tx: Tx, group: AlertGroup) -> None:
    """Post the prompt, or update it to the group's current state."""
    if group.action == "prompt":
        outbox.enqueue(tx.session, tx.now, "alert_prompt", None, {"group": group.id}, coalesce=True)
