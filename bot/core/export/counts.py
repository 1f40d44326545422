"""What the export counts per incident, for one chunk of incidents at a time: a handful of grouped
queries per chunk rather than one query per incident."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import Session

from bot.store.models import ActionItem, Alert, AlertGroup, IncidentService, RoleAssignment, TimelineEvent


def counts(session: Session, ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """incident id → count column → value; zero when nothing was recorded."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for query in (_timeline(ids), _alerts(ids), _action_items(ids), _roles(ids)):
        names = [c.name for c in query.selected_columns][1:]
        for incident_id, *values in session.execute(query):
            found[incident_id].update(zip(names, map(int, values), strict=True))
    return found


def services(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    """incident id → its services' names, alphabetical."""
    query = select(IncidentService.incident_id, IncidentService.name).where(IncidentService.incident_id.in_(ids))
    named: dict[int, list[str]] = defaultdict(list)
    for incident_id, name in session.execute(query.order_by(IncidentService.name)):
        named[incident_id].append(name)
    return named


def _sum_of(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _timeline(ids: Sequence[int]) -> Any:
    return (
        select(
            TimelineEvent.incident_id,
            func.count().label("timeline_events"),
            _sum_of(TimelineEvent.kind == "update").label("status_updates"),
            _sum_of(TimelineEvent.kind == "pin").label("pins"),
        )
        .where(TimelineEvent.incident_id.in_(ids))
        .group_by(TimelineEvent.incident_id)
    )


def _alerts(ids: Sequence[int]) -> Any:
    return (
        select(AlertGroup.incident_id, func.count(Alert.id).label("alerts"))
        .join(Alert, Alert.group_id == AlertGroup.id)
        .where(AlertGroup.incident_id.in_(ids))
        .group_by(AlertGroup.incident_id)
    )


def _action_items(ids: Sequence[int]) -> Any:
    return (
        select(
            ActionItem.incident_id,
            _sum_of(ActionItem.status == "open").label("action_items_open"),
            _sum_of(ActionItem.status == "done").label("action_items_done"),
        )
        .where(ActionItem.incident_id.in_(ids))
        .group_by(ActionItem.incident_id)
    )


def _roles(ids: Sequence[int]) -> Any:
    return (
        select(RoleAssignment.incident_id, func.count().label("roles_held"))
        .where(RoleAssignment.incident_id.in_(ids))
        .group_by(RoleAssignment.incident_id)
    )
