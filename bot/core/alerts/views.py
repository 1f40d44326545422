"""Alert groups as the adapter sees them: a prompt's state, and where its message went."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from bot.core.errors import NotFound
from bot.core.tx import Tx
from bot.core.views import IncidentView
from bot.store.models import Alert, AlertGroup, Incident


@dataclass(frozen=True)
class GroupView:
    id: int
    title: str
    source: str
    firing: int
    resolved: int
    prompt_channel: str | None
    prompt_thread: str | None
    prompt_ts: str | None
    links: dict[str, str]
    incident: IncidentView | None

    @property
    def all_resolved(self) -> bool:
        return self.firing == 0


def group(tx: Tx, group_id: int) -> GroupView:
    row = tx.session.get(AlertGroup, group_id)
    if row is None or row.id is None:
        raise NotFound("That alert is no longer known; nothing was opened.")
    counts = dict(
        tx.session.execute(
            select(Alert.firing, func.count()).where(Alert.group_id == row.id).group_by(Alert.firing)
        ).all()
    )
    incident = tx.view(tx.session.get_one(Incident, row.incident_id)) if row.incident_id else None
    return GroupView(
        row.id,
        row.title,
        row.source,
        counts.get(True, 0),
        counts.get(False, 0),
        row.prompt_channel,
        row.prompt_thread,
        row.prompt_ts,
        json.loads(row.links),
        incident,
    )
