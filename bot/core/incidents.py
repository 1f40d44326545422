"""Declaring incidents and finding them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlmodel import Session

from bot.core import incident_services, roles, text
from bot.core.alerts import groups as alert_groups
from bot.core.errors import InvalidInput, NotFound
from bot.core.policy.schema import USER_ID
from bot.core.roles import Role
from bot.core.runbooks import attaching as runbooks
from bot.core.severity import DEFAULT_SEVERITY, parse_severity
from bot.core.status import OPEN, Status
from bot.core.tx import Tx
from bot.core.views import IncidentView, Outcome
from bot.store.models import Counter, Incident, RoleAssignment

MAX_TITLE = 200
RECENT = timedelta(days=7)


@dataclass(frozen=True)
class DeclareRequest:
    title: str
    declared_by: str | None
    severity: str = DEFAULT_SEVERITY
    private: bool = False
    summary: str | None = None
    commander: str | None = None  # None: the declarer commands (alerts: nobody yet)
    request_key: str | None = None  # trigger or view id: a repeated request declares nothing new
    source_permalink: str | None = None
    reply_to: str | None = None  # where the adapter answers the declarer once the channel exists
    source: str = "slack"  # "cli" and "web" declare without Slack (the timeline says where from)
    impact_started_at: datetime | None = None  # an alert's startsAt
    alert_group: int | None = None  # declared from an alert prompt: that group joins the incident
    services: tuple[str, ...] = ()  # the services it affects, normalised (the declare form)
    drill: bool = False  # practice: marked DRILL everywhere, pages only its participants, never counted
    participants: tuple[str, ...] = ()  # a drill scenario's people: invited, and the only ones it pages


def is_person(declarer: str | None) -> bool:
    """A Slack user, who can be invited and can command. A command-line declare without `--by`
    records the operator's login name instead: shown as written, never invited."""
    return bool(declarer and USER_ID.fullmatch(declarer))


def clean_title(raw: str) -> str:
    """One line of visible text: control and zero-width characters go, so a title of only
    invisible characters is refused like an empty one."""
    title = text.one_line(raw)
    if not text.visible(title):
        raise InvalidInput("The incident needs a title, e.g. `/incident declare sev2 Checkout is failing`.")
    if len(title) > MAX_TITLE:
        raise InvalidInput(
            f"The title is {len(title)} characters long; keep it to {MAX_TITLE} or fewer "
            "and put the details in the summary or `/incident impact`."
        )
    return title


def declare(tx: Tx, request: DeclareRequest) -> Outcome:
    title = clean_title(request.title)
    severity = parse_severity(request.severity)
    if request.alert_group and (declared := alert_groups.declared_for(tx, request.alert_group)):
        return tx.outcome(declared, notice="already declared")
    if request.request_key:
        existing = tx.session.scalars(select(Incident).where(Incident.request_key == request.request_key)).first()
        if existing is not None:
            return tx.outcome(existing, notice="already declared")
    row = Incident(
        number=next_number(tx.session),
        title=title,
        severity=severity,
        status=Status.DECLARED,
        private=request.private,
        summary=text.optional(request.summary, "The summary"),
        declared_by=request.declared_by,
        declared_at=tx.now,
        request_key=request.request_key,
        source_permalink=request.source_permalink,
        impact_started_at=request.impact_started_at,
        drill=request.drill,
        drill_participants=json.dumps(list(request.participants)) if request.participants else None,
    )
    tx.session.add(row)
    tx.session.flush()
    commander = request.commander or (request.declared_by if is_person(request.declared_by) else None)
    if commander:
        tx.session.add(
            RoleAssignment(
                incident_id=row.id,
                role=Role.COMMANDER,
                user_id=commander,
                assigned_at=tx.now,
                assigned_by=request.declared_by,
            )
        )
    tx.record(
        row,
        "declared",
        request.declared_by,
        title,
        source=request.source,
        data={"severity": row.severity, "private": row.private, "commander": commander} | _drill_data(request),
    )
    invite = sorted({u for u in (request.declared_by, commander, *request.participants) if is_person(u)})
    tx.enqueue("setup_channel", row, {"invite": invite, "reply_to": request.reply_to})
    # after the set-up: the outbox delivers an incident's rows in order, and their line needs the channel
    incident_services.attach(tx, row, request.services, request.declared_by, request.source)
    if request.alert_group:
        alert_groups.attach(tx, request.alert_group, row)
    runbooks.attach_matching(tx, row)
    return tx.outcome(row)


def _drill_data(request: DeclareRequest) -> dict[str, object]:
    """A drill's declare says so on the timeline (a real one's data stays as it was)."""
    return {"drill": True, "participants": list(request.participants)} if request.drill else {}


def next_number(session: Session) -> int:
    """Atomic on both databases: the UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite)."""
    bump = update(Counter).where(Counter.name == "incident").values(value=Counter.value + 1)
    return session.execute(bump.returning(Counter.value)).scalar_one()


def retry_setup(tx: Tx, number: int, reply_to: str | None) -> Outcome:
    """Queue the channel set-up again; every step skips what is already done."""
    row = tx.incident(number)
    invite = sorted({u for u in (row.declared_by, *(r.user_id for r in roles.active(tx.session, row.id))) if u})
    tx.enqueue("setup_channel", row, {"invite": invite, "reply_to": reply_to})
    return tx.outcome(row)


def get(tx: Tx, number: int) -> IncidentView:
    return tx.view(tx.incident(number))


def by_channel(tx: Tx, channel_id: str) -> IncidentView | None:
    row = tx.session.scalars(select(Incident).where(Incident.channel_id == channel_id)).first()
    return tx.view(row) if row else None


def require_by_channel(tx: Tx, channel_id: str) -> int:
    view = by_channel(tx, channel_id)
    if view is None:
        raise NotFound("This is not an incident channel. Run it in the incident's channel.")
    return view.number


def listing(tx: Tx) -> list[IncidentView]:
    """Open incidents, worst first, then those ended in the last week, newest first."""
    rows = tx.session.scalars(select(Incident).order_by(Incident.number.desc()).limit(500)).all()
    open_rows = sorted((r for r in rows if r.status in OPEN), key=lambda r: (r.severity, -r.number))
    recent = [r for r in rows if r.status not in OPEN and _ended(r) and _ended(r) >= tx.now - RECENT]
    return [tx.view(r) for r in open_rows + recent[:10]]


def _ended(row: Incident) -> datetime | None:
    return row.closed_at or row.cancelled_at or row.resolved_at
