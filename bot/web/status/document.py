"""`/status.json`: the page as data, in the shape docs/STATUS_PAGE.md documents. Keys are stable;
new ones may be added, none renamed or removed."""

from __future__ import annotations

from typing import Any

from bot.core.statuspage import PublicIncident, StatusPage
from bot.web.times import iso


def document(page: StatusPage) -> dict[str, Any]:
    return {
        "generated_at": iso(page.at),
        "status": {"state": page.state.value, "description": page.headline},
        "components": [{"name": c.name, "state": c.state.value} for c in page.components],
        "incidents": [_incident(i) for i in page.open],
        "history": [_incident(i) for i in page.history],
    }


def _incident(incident: PublicIncident) -> dict[str, Any]:
    return {
        "id": incident.key,
        "title": incident.title,
        "severity": incident.severity,
        "status": incident.status,
        "impact": incident.state.value,
        "components": list(incident.components),
        "started_at": iso(incident.started_at),
        "resolved_at": iso(incident.resolved_at) or None,
        "updates": [{"id": u.key, "at": iso(u.at), "text": u.text} for u in incident.updates],
    }
