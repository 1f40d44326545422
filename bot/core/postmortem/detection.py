"""How the incident was detected: by an alert (its name, source and link) or by a person who
declared it. An incident declared from an alert prompt has both: the alert, then the person."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.core.alerts.signals import SOURCE_MESSAGE
from bot.core.links import web_url
from bot.core.tx import Tx
from bot.store.models import Alert, AlertGroup, Incident

SOURCES = {"alertmanager": "Alertmanager", "events": "Events API", "slack": "an alert message in Slack"}


@dataclass(frozen=True)
class Detection:
    alert: str | None  # the first alert's name (or its group's title)
    source: str | None  # "Alertmanager"
    link: str | None  # the alert's own URL, else its group's source message, runbook or dashboard
    fired_at: datetime | None  # the first alert's startsAt
    declared_by: str | None  # the person who declared; None when an alert declared it


def detection(tx: Tx, row: Incident) -> Detection:
    group = tx.session.scalars(
        select(AlertGroup).where(AlertGroup.incident_id == row.id).order_by(AlertGroup.opened_at, AlertGroup.id)
    ).first()
    if group is None:
        return Detection(None, None, None, None, row.declared_by)
    first = tx.session.scalars(
        select(Alert).where(Alert.group_id == group.id).order_by(Alert.starts_at, Alert.id)
    ).first()
    return Detection(
        (first.name if first and first.name else group.title),
        SOURCES.get(group.source, group.source),
        _link(first, group),
        first.starts_at if first else None,
        row.declared_by,
    )


def _link(alert: Alert | None, group: AlertGroup) -> str | None:
    links = json.loads(group.links or "{}")
    candidates = [alert.url if alert else None, links.get(SOURCE_MESSAGE), *links.values()]
    return next((url for url in map(web_url, candidates) if url), None)
