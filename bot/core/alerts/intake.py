"""Alerts in: one delivery for one group, in one transaction. The first firing alert of a group
declares an incident (no commander), posts a prompt or is only recorded, as its route says; later
alerts join the same incident's timeline; a re-send changes nothing; when every alert is resolved
the incident is resolved (auto_resolve) or its channel is asked whether to resolve."""

from __future__ import annotations

from dataclasses import replace

from bot.core import incidents, lifecycle
from bot.core.alerts import groups
from bot.core.alerts.groups import Changes
from bot.core.alerts.signals import SOURCE_MESSAGE, AlertAction, AlertBatch, Intake
from bot.core.incidents import DeclareRequest
from bot.core.tx import Tx
from bot.store.models import AlertGroup, Incident


def ingest(tx: Tx, batch: AlertBatch) -> Intake:
    group, previous = _current(tx, batch.key)
    opened = group is None
    if group is None:
        batch = replace(batch, alerts=groups.news(tx, batch.key, batch.alerts))
        if not batch.alerts:
            return Intake(0, 0, 0)  # late re-sends of a group that has ended
        group = groups.start(tx, batch, previous)
    changes = groups.store(tx, group, batch.alerts)
    if opened and changes.firing:
        _open(tx, group, batch, changes)
    elif changes and (incident := groups.incident_of(tx, group)):
        groups.join(tx, group, incident, changes)
    if changes.firing:
        group.resolved_at = None
    elif changes.resolved and _quiet(tx, group, batch):
        _all_resolved(tx, group, batch.auto_resolve)
    incident = groups.incident_of(tx, group)
    return Intake(group.id or 0, len(changes.firing), len(changes.resolved), incident and incident.number, opened)


def _quiet(tx: Tx, group: AlertGroup, batch: AlertBatch) -> bool:
    """Every alert of the group resolved, and none the sender left out still firing."""
    return not batch.unseen_firing and group.resolved_at is None and groups.all_resolved(tx, group)


def _current(tx: Tx, key: str) -> tuple[AlertGroup | None, int | None]:
    """The open group of `key`; one whose incident has ended is closed here, and its incident is
    returned so the next one can link it."""
    group = groups.open_group(tx, key)
    if group is None or not groups.ended(tx, group):
        return group, None
    group.open_key = None
    tx.session.flush()
    return None, group.incident_id


def _open(tx: Tx, group: AlertGroup, batch: AlertBatch, changes: Changes) -> None:
    if batch.action == AlertAction.DECLARE:
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
    elif auto_resolve:
        lifecycle.resolve(tx, incident.number, None, "All alerts resolved.")
    else:
        tx.enqueue("alerts_resolved", incident)
