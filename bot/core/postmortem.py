"""The blameless postmortem draft rendered at close from `postmortem.md.j2`."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from bot.core import roles, timeline
from bot.core.keytimes import KeyTimes
from bot.core.narrative import Voice, describe
from bot.core.roles import TITLES, Role
from bot.core.status import Status
from bot.core.tx import Tx
from bot.core.views import RoleHolder
from bot.rendering import TemplateSet
from bot.store.models import Incident, TimelineEvent


class Postmortems:
    def __init__(self, templates: TemplateSet) -> None:
        self.templates = templates

    def render(self, tx: Tx, row: Incident, names: Mapping[str, str] | None = None) -> str:
        assert row.id is not None
        people = dict(names or {})

        def name(user_id: str | None) -> str:
            return people.get(user_id or "", user_id or "the bot")

        events = timeline.events(tx, row.number)
        return self.templates.render(
            "postmortem.md.j2",
            incident=tx.view(row),
            generated_at=tx.now,  # the draft says when, as one read before the close is not the final record
            durations=KeyTimes.of(row),
            roles=[RoleHolder.of(a) for a in roles.history(tx.session, row.id)],
            role_titles={r.value: TITLES[r] for r in Role},
            events=events,
            updates=[e for e in events if e.kind == "update"],
            name=name,
            describe=lambda event: describe(event, Voice(name)),
            multi_day=len({e.at.date() for e in events}) > 1,
        )

    def draft(self, tx: Tx, number: int) -> str:
        """The draft stored at close (it has people's names) while nothing has happened since;
        otherwise one rendered from the record, so a reopen or a later note is never missing."""
        row = tx.incident(number)
        if row.postmortem and _closed_last(tx, row):
            return row.postmortem
        return self.render(tx, row)


def _closed_last(tx: Tx, row: Incident) -> bool:
    """Whether the incident is closed and its close is the newest entry on the timeline (by the
    order they were written: a pin added later carries its message's earlier time)."""
    query = select(TimelineEvent.kind).where(TimelineEvent.incident_id == row.id)
    latest = tx.session.scalars(query.order_by(TimelineEvent.id.desc()).limit(1)).first()
    return row.status == Status.CLOSED and latest == "closed"
