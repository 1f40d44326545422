"""The Atom feed's entries: one per public update and one per resolve, newest first. Entry IDs
are `urn:uuid:` names derived from the page's opaque keys, so they never change between reads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from bot.core.statuspage import PublicIncident, StatusPage
from bot.web.times import iso

RESOLVED = "This incident has been resolved."


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: datetime
    text: str
    anchor: str  # the incident's fragment on /status


def entries(page: StatusPage) -> list[Entry]:
    found = [entry for incident in (*page.open, *page.history) for entry in _of(incident)]
    return sorted(found, key=lambda e: e.updated, reverse=True)


def _of(incident: PublicIncident) -> list[Entry]:
    anchor = f"incident-{incident.key}"
    found = [Entry(f"urn:uuid:{u.key}", incident.title, u.at, u.text, anchor) for u in incident.updates]
    if incident.resolved_at is not None:
        name = uuid.uuid5(uuid.UUID(incident.key), f"resolved/{iso(incident.resolved_at)}")
        found.append(Entry(f"urn:uuid:{name}", f"Resolved: {incident.title}", incident.resolved_at, RESOLVED, anchor))
    return found


def feed_id(site: str) -> str:
    """The feed's own ID: the site's when PUBLIC_URL is set, so two bots' feeds never share one."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{site}/status/feed.atom')}"
