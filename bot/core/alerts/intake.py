"""Alerts in: one delivery for one group, in one transaction. The first firing alert of a group
declares an incident (no commander), posts a prompt or is only recorded, as its route says; later
alerts join the same incident's timeline; a re-send changes nothing, also after the incident ended
(`repeats`); when every alert is resolved the incident is resolved (auto_resolve) or its channel is
asked whether to resolve."""

from __future__ import annotations

from dataclasses import replace

from bot.core import incidents, lifecycle
from bot.core.alerts import groups, repeats
from bot.core.alerts.groups import Changes
from bot.core.alerts.signals import SOURCE_MESSAGE, AlertAction, AlertBatch, Intake
from bot.core.incidents import DeclareRequest
from bot.core.status import OPEN
from bot.core.tx import Tx
from bot.store.models import AlertGroup, Incident


def ingest(tx: Tx, batch: AlertBatch) -> Intake:
    group, previous = _current(tx, batch.key)
    earlier, fresh = repeats.split(tx, batch, group.id if group else None)
    intakes = [_replay(tx, group_id, replace(batch, alerts=earlier[group_id])) for group_id in sorted(earlier)]
    if fresh:
        intakes.append(_deliver(tx, group, previous, replace(batch, alerts=fresh)))
    return _total(intakes)


def _deliver(tx: Tx, group: AlertGroup | None, previous: int | None, batch: AlertBatch) -> Intake:
    """Alerts for the key's open group, or for a new one when none is open."""
    opened = group is None
    if group is None:
        batch = replace(batch, alerts=groups.news(tx, batch.key, batch.alerts))
        if not batch.alerts:
            return Intake(0, 0, 0)  # late re-sends of a group that has ended
        group = groups.start(tx, batch, previous)
    changes = groups.store(tx, group, batch.alerts)
    _follow(tx, group, batch, changes, opened)
    return _intake(tx, group, changes, opened)


def _replay(tx: Tx, group_id: int, batch: AlertBatch) -> Intake:
    """Alerts an earlier group already has (its incident ended, or was reopened): see `repeats`."""
    group, changes = repeats.replay(tx, group_id, batch.alerts)
    _follow(tx, group, batch, changes, opened=False)
    return _intake(tx, group, changes, opened=False)


def _follow(tx: Tx, group: AlertGroup, batch: AlertBatch, changes: Changes, opened: bool) -> None:
    """What the changes lead to: an incident or a prompt, the open incident's timeline, the end."""
    if opened and changes.firing:
        _open(tx, group, batch, changes)
    elif changes and (incident := groups.incident_of(tx, group)) and incident.status in OPEN:
        groups.join(tx, group, incident, changes)
    if changes.firing:
        group.resolved_at = None
    elif changes.resolved and _quiet(tx, group, batch):
        _all_resolved(tx, group, batch.auto_resolve)


def _intake(tx: Tx, group: AlertGroup, changes: Changes, opened: bool) -> Intake:
    incident = groups.incident_of(tx, group)
    return Intake(group.id or 0, len(changes.firing), len(changes.resolved), incident and incident.number, opened)


def _total(intakes: list[Intake]) -> Intake:
    """One answer for a delivery split between groups: every change counted, the newest group named."""
    if not intakes:
        return Intake(0, 0, 0)
    newest = max(intakes, key=lambda i: i.group_id)
    return replace(newest, new=sum(i.new for i in intakes), resolved=sum(i.resolved for i in intakes))


def _quiet(tx: Tx, group: AlertGroup, batch: AlertBatch) -> bool:
    """Every alert of the group resolved, and none the sender left out still firing."""
    return not batch.unseen_firing and group.resolved_at is None and groups.all_resolved(tx, group)


def _current(tx: Tx, key: str) -> tuple[AlertGroup | None, int | None]:
    """The open group of `key`; one whose incident has ended is closed here, and one whose incident
    was reopened is open again. Without one, the incident of the key's last group, so a new one can
    link it."""
    group = groups.open_group(tx, key)
    if group is not None and not groups.ended(tx, group):
        return group, None
    if group is not None:
        group.open_key = None
        tx.session.flush()
    last = groups.last_group(tx, key)
    if last is not None and last.incident_id and not groups.ended(tx, last):
        last.open_key = key  # a concurrent twin doing the same loses on the unique key and is retried
        tx.session.flush()
        return last, None
    return None, last.incident_id if last else None


def _open(tx: Tx, group: AlertGroup, batch: AlertBatch, changes: Changes) -> None:
    if batch.drill is not None:
        groups.adopt(tx, group, tx.incident(batch.drill), changes)
    elif batch.action == AlertAction.DECLARE:
        _declare(tx, group, batch, changes)
    elif batch.action == AlertAction.PROMPT:
        groups.refresh_prompt(tx, group)


def _declare(tx: Tx, group: AlertGroup, batch: AlertBatch, changes: Changes) -> None:
    previous = tx.session.get(Incident, group.previous_incident_id) if group.previous_incident_id else None
    request = DeclareRequest(
        title=batch.title,
        declared_by=None,
        severity=batch.severity or tx.policy.default_severity,
        summary=f"Fired again after INC-{previous.number}." if previous else None,
        source=batch.source,
        impact_started_at=min(a.starts_at for a in changes.firing),
        source_permalink=batch.links.get(SOURCE_MESSAGE),
    )
    outcome = incidents.declare(tx, request)
    groups.adopt(tx, group, tx.incident(outcome.incident.number), changes)


def _all_resolved(tx: Tx, group: AlertGroup, auto_resolve: bool) -> None:
    group.resolved_at = tx.now
    incident = groups.incident_of(tx, group)
    if incident is None:
        group.open_key = None  # a prompt ends with its alerts
        groups.refresh_prompt(tx, group)
    elif incident.status not in OPEN:
        return  # the alerts of an ended incident resolved: a cancelled one's mute is over, nothing to ask
    elif auto_resolve:
        lifecycle.resolve(tx, incident.number, None, "All alerts resolved.")
    else:
        tx.enqueue("alerts_resolved", incident)
