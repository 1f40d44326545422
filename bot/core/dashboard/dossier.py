"""Everything the dashboard's incident page shows about one incident, read in one transaction: the
card's facts, the role history, the newest timeline entries (a page of them, however long the
timeline is), the updates and the action items."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import roles, timeline
from bot.core.actions.items import ActionItemView, of_incident
from bot.core.keytimes import KeyTimes
from bot.core.tx import Tx
from bot.core.views import EventView, IncidentView, RoleHolder

NEWEST = 100  # entries on the incident page; the rest are a click away, 500 a page


@dataclass(frozen=True)
class Dossier:
    incident: IncidentView
    key_times: KeyTimes
    role_history: list[RoleHolder]
    newest: list[EventView]  # the last NEWEST entries, in order
    entries: int  # on the whole timeline
    updates: list[EventView]
    action_items: list[ActionItemView]


def dossier(tx: Tx, number: int) -> Dossier:
    row = tx.incident(number)
    assert row.id is not None
    count = timeline.count(tx, number)
    newest, _ = timeline.window(tx, number, max(0, count - NEWEST), NEWEST)
    return Dossier(
        tx.view(row),
        KeyTimes.of(row),
        [RoleHolder.of(a) for a in roles.history(tx.session, row.id)],
        newest,
        count,
        timeline.of_kind(tx, number, "update"),
        of_incident(tx, number),
    )
