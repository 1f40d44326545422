"""The alerts that belong to the incident, for the "what was involved" section: each alert's name,
when it first fired, when it resolved and its link (only an http(s) link that cannot break out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.core.links import web_url
from bot.core.tx import Tx
from bot.store.models import Alert, AlertGroup, Incident


@dataclass(frozen=True)
class AlertLine:
    name: str
    fired_at: datetime
    resolved_at: datetime | None
    link: str | None


def alerts(tx: Tx, row: Incident) -> list[AlertLine]:
    query = (
        select(Alert, AlertGroup.title)
        .join(AlertGroup, Alert.group_id == AlertGroup.id)
        .where(AlertGroup.incident_id == row.id)
        .order_by(Alert.starts_at, Alert.id)
    )
    return [
        AlertLine(alert.name or title, alert.starts_at, alert.resolved_at or alert.ends_at, web_url(alert.url))
        for alert, title in tx.session.execute(query)
    ]
