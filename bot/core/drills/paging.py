"""Whom a drill's escalation may page: the people the drill names (its declarer, its scenario's
participants, anyone who has held a role in it). Everyone else its policy levels name, the real
on-call above all, is held back and only named in the channel, unless `[drills] page_oncall`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.store.models import Incident, RoleAssignment

if TYPE_CHECKING:
    from bot.core.tx import Tx


def screen(tx: Tx, row: Incident, targets: list[str]) -> tuple[list[str], list[str]]:
    """(who is paged, who would have been): a real incident pages every target."""
    if not row.drill or tx.policy.drills.page_oncall:
        return targets, []
    named = people(tx, row)
    return [t for t in targets if t in named], [t for t in targets if t not in named]


def people(tx: Tx, row: Incident) -> set[str]:
    """Compared as written: a scenario names people by Slack user ID, as the policy should."""
    held = tx.session.scalars(select(RoleAssignment.user_id).where(RoleAssignment.incident_id == row.id))
    return {*held, *json.loads(row.drill_participants or "[]"), *([row.declared_by] if row.declared_by else [])}
