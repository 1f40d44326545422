"""The blameless postmortem draft rendered at close (and on demand) from `postmortem.md.j2`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import select

from bot.core import roles, timeline
from bot.core.budget import incident_budgets
from bot.core.keytimes import KeyTimes
from bot.core.narrative import Voice, describe
from bot.core.postmortem.actions import action_items
from bot.core.postmortem.alerts import alerts
from bot.core.postmortem.detection import detection
from bot.core.postmortem.entries import entries
from bot.core.postmortem.milestones import milestones
from bot.core.postmortem.participants import tenures
from bot.core.postmortem.summary import initial_severity, reopenings, severity_changes
from bot.core.roles import TITLES, Role
from bot.core.runbooks import views as checklists
from bot.core.service_names import names_of
from bot.core.tx import Tx
from bot.core.views import RoleHolder
from bot.rendering import TemplateSet
from bot.store.models import Incident, TimelineEvent

STORED_BY = ("closed", "postmortem_draft")  # the events whose transaction stored a draft


class Postmortems:
    def __init__(self, templates: TemplateSet) -> None:
        self.templates = templates

    def render(self, tx: Tx, row: Incident, names: Mapping[str, str] | None = None) -> str:
        """The draft from the record. `names` maps user IDs to Slack display names; people the
        caller could not name (the CLI has no Slack) are shown by their ID."""
        return self.templates.render("postmortem.md.j2", **variables(tx, row, _namer(names or {})))

    def draft(self, tx: Tx, number: int) -> str:
        """The draft stored at close or at `/incident postmortem` (it has people's names) while nothing
        has happened since; otherwise one rendered from the record, so a reopen or a later note is never
        missing."""
        row = tx.incident(number)
        if row.postmortem and _stored_last(tx, row):
            return row.postmortem
        return self.render(tx, row)


def variables(tx: Tx, row: Incident, name: Callable[[str | None], str]) -> dict[str, Any]:
    """Everything the template is given (CONTRIBUTING lists each one for people who override it)."""
    assert row.id is not None
    events = timeline.events(tx, row.number)
    holders = [RoleHolder.of(a) for a in roles.history(tx.session, row.id)]
    say = _sayer(name)
    key_times = KeyTimes.of(row)
    return {
        "incident": tx.view(row),
        "generated_at": tx.now,  # the draft says when, as one read before the close is not the final record
        "durations": key_times,
        "key_times": milestones(key_times),
        "roles": holders,
        "participants": tenures(holders, row, tx.now),
        "role_titles": {r.value: TITLES[r] for r in Role},
        "events": events,
        "timeline": entries(events, name, say),
        "updates": [e for e in events if e.kind == "update"],
        "initial_severity": initial_severity(events, row.severity),
        "severity_changes": severity_changes(events),
        "reopenings": reopenings(events, row),
        "services": names_of(tx.session, row.id),
        "impact_share": row.impact_fraction,
        "budgets": incident_budgets(tx, row),
        "detection": detection(tx, row),
        "alerts": alerts(tx, row),
        "action_items": action_items(tx, row),
        "runbooks": checklists.of_incident(tx, row.number),
        "name": name,
        "describe": say,
        "multi_day": len({e.at.date() for e in events}) > 1,
    }


def _namer(people: Mapping[str, str]) -> Callable[[str | None], str]:
    def name(user_id: str | None) -> str:
        return people.get(user_id or "", user_id or "the bot")

    return name


def _sayer(name: Callable[[str | None], str]) -> Callable[..., str]:
    """`describe` in the draft's voice: an event without a person (an alert's) starts with "The bot"."""
    voice = Voice(lambda user_id: name(user_id) if user_id else "The bot")
    return lambda event: describe(event, voice)


def _stored_last(tx: Tx, row: Incident) -> bool:
    """Whether the newest entry on the timeline (by the order they were written: a pin added later
    carries its message's earlier time) is one that stored the draft: a close or a re-render."""
    query = select(TimelineEvent.kind).where(TimelineEvent.incident_id == row.id)
    latest = tx.session.scalars(query.order_by(TimelineEvent.id.desc()).limit(1)).first()
    return latest in STORED_BY
