"""The tables. Datetimes are timezone-aware UTC (SQLModel's UTCDateTime enforces it)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Counter(SQLModel, table=True):
    """Named sequences (the incident number); bumped with an atomic UPDATE … RETURNING."""

    name: str = Field(primary_key=True, max_length=40)
    value: int = 0


class Incident(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True)
    title: str = Field(max_length=200)
    severity: str = Field(max_length=8)
    status: str = Field(max_length=16)
    private: bool = False
    summary: str | None = Field(default=None, sa_column=Column(Text))
    impact: str | None = Field(default=None, sa_column=Column(Text))
    resolution: str | None = Field(default=None, sa_column=Column(Text))
    declared_by: str | None = Field(default=None, max_length=32)
    declared_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = Field(default=None, max_length=32)
    identified_at: datetime | None = None
    mitigated_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    cancelled_at: datetime | None = None
    last_update_at: datetime | None = None
    request_key: str | None = Field(default=None, max_length=120, unique=True)
    source_permalink: str | None = Field(default=None, max_length=500)
    channel_id: str | None = Field(default=None, max_length=32, unique=True)
    channel_name: str | None = Field(default=None, max_length=80)
    card_ts: str | None = Field(default=None, max_length=32)
    topic: str | None = Field(default=None, max_length=250)
    announce_ts: str | None = Field(default=None, max_length=32)
    postmortem: str | None = Field(default=None, sa_column=Column(Text))
    impact_started_at: datetime | None = None  # an alert's startsAt: when customers were first hurt
    links: str | None = Field(default=None, sa_column=Column(Text))  # JSON name → URL (runbook, dashboard)
    impact_fraction: float | None = None  # share of users or requests hurt (0–1]; None: all of them
    postmortem_done_at: datetime | None = None  # `/incident postmortem done`: follow-up reminders stop
    postmortem_done_by: str | None = Field(default=None, max_length=32)
    drill: bool = False  # practice: marked DRILL, pages only its own people, kept out of the numbers
    drill_participants: str | None = Field(default=None, sa_column=Column(Text))  # JSON: whom a drill may page


class RoleAssignment(SQLModel, table=True):
    """One holding of one role; relieved_at set when it ends, so history is kept."""

    __table_args__ = (Index("ix_role_active", "incident_id", "relieved_at"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    role: str = Field(max_length=16)
    user_id: str = Field(max_length=32)
    area: str | None = Field(default=None, max_length=200)
    assigned_at: datetime
    assigned_by: str | None = Field(default=None, max_length=32)
    relieved_at: datetime | None = None
    relieved_by: str | None = Field(default=None, max_length=32)


class TimelineEvent(SQLModel, table=True):
    """Everything that happened to an incident. `ref` dedupes external items (a pinned message ts)."""

    __table_args__ = (
        UniqueConstraint("incident_id", "ref", name="uq_timeline_ref"),
        Index("ix_timeline_incident_at", "incident_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    at: datetime
    kind: str = Field(max_length=24)
    actor: str | None = Field(default=None, max_length=32)
    source: str = Field(default="slack", max_length=16)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    data: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    ref: str | None = Field(default=None, max_length=64)


class IncidentService(SQLModel, table=True):
    """A service the incident affects (declare form, `/incident service`, an alert's `service` label):
    the key for error budgets (`[slo.<service>]`) and for repeats in stats."""

    __tablename__ = "incident_service"
    __table_args__ = (UniqueConstraint("incident_id", "name", name="uq_incident_service"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    name: str = Field(max_length=80, index=True)
    added_at: datetime
    added_by: str | None = Field(default=None, max_length=32)


class ActionItem(SQLModel, table=True):
    """A follow-up. It outlives its incident's close; `reminded_at` is when its owner was told it
    fell due (once), so the reminder survives restarts and is sent by one replica only."""

    __tablename__ = "action_item"
    __table_args__ = (Index("ix_action_item_open_due", "status", "due"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    owner: str | None = Field(default=None, max_length=32, index=True)
    due: date | None = None
    status: str = Field(default="open", max_length=8)  # "open" | "done"
    created_at: datetime
    created_by: str | None = Field(default=None, max_length=32)
    done_at: datetime | None = None
    done_by: str | None = Field(default=None, max_length=32)
    reminded_at: datetime | None = None


class OutboxItem(SQLModel, table=True):
    """A side effect to deliver after commit. Items of one incident are delivered in id order.
    `claims` counts hand-outs to a worker and `refusals` those Slack surely refused (a 429, a post
    held back by pacing): when a hand-out other than the current one ended otherwise, an earlier
    delivery may have reached Slack whatever `attempts` (failures seen) says. `locked_by` names
    the lease holder (`host/pid/start`, bot/jobs/owner.py). `progress` holds what a multi-step delivery got
    from Slack so far (an uploaded file's id), so a retry continues instead of starting over."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "done_at", "failed_at", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int | None = Field(default=None, index=True)
    kind: str = Field(max_length=32)
    payload: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    created_at: datetime
    next_attempt_at: datetime
    attempts: int = 0
    claims: int = 0
    refusals: int = 0
    progress: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    locked_until: datetime | None = None
    locked_by: str | None = Field(default=None, max_length=120)
    done_at: datetime | None = None
    failed_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))


class ProcessedRequest(SQLModel, table=True):
    """Keys of requests already handled (event_id, view id), so Slack's retries change nothing."""

    __table_args__ = (Index("ix_processedrequest_at", "at"),)

    key: str = Field(primary_key=True, max_length=160)
    at: datetime


class InboxItem(SQLModel, table=True):
    """A Slack request acknowledged and not yet done (bot/jobs/inbox.py). Written before the ack,
    deleted once handled, before its answer, so a crash in between leaves the row for a replay; on
    SQLite, in a file of its own (bot/store/inbox_file.py). `key` is the request's dedupe key
    (`trigger:…`, `view:…`); `owner`/`leased_until`: the live process that will process it."""

    __tablename__ = "inbox"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=160, unique=True)
    kind: str = Field(max_length=32)
    body: str = Field(sa_column=Column(Text, nullable=False))
    received_at: datetime
    owner: str = Field(max_length=40)
    leased_until: datetime = Field(index=True)


class AlertGroup(SQLModel, table=True):
    """Alerts that share one incident or one prompt: an Alertmanager group (receiver + groupKey), an
    events `dedup_key`, or an alert message in a watched channel. `open_key` holds `key` while the
    group is open and is cleared when it ends: at most one open group per key (NULLs never collide),
    and the closed ones stay as history."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, index=True)
    open_key: str | None = Field(default=None, max_length=200, unique=True)
    source: str = Field(max_length=16)
    action: str = Field(max_length=8)
    title: str = Field(max_length=200)
    severity: str | None = Field(default=None, max_length=8)
    incident_id: int | None = Field(default=None, foreign_key="incident.id")
    previous_incident_id: int | None = None
    prompt_channel: str | None = Field(default=None, max_length=32)
    prompt_thread: str | None = Field(default=None, max_length=32)
    prompt_ts: str | None = Field(default=None, max_length=32)
    links: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    opened_at: datetime
    resolved_at: datetime | None = None
    digested_event_id: int = 0
    digest_at: datetime | None = None


class Alert(SQLModel, table=True):
    """One alert of a group, identified by (fingerprint, startsAt): a re-send finds it and changes nothing."""

    __table_args__ = (UniqueConstraint("group_id", "fingerprint", "starts_at", name="uq_alert_identity"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="alertgroup.id", index=True)
    fingerprint: str = Field(max_length=64)
    starts_at: datetime
    ends_at: datetime | None = None
    firing: bool = True
    name: str = Field(default="", max_length=200)
    labels: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    annotations: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    url: str | None = Field(default=None, max_length=500)
    received_at: datetime
    resolved_at: datetime | None = None
    asked_at: datetime | None = None  # "still firing after resolve — reopen?" was posted (once per alert)


class ScheduledItem(SQLModel, table=True):
    """A pending nudge, page or escalation step: one row per incident and kind, deleted once it fires
    or stops applying. APScheduler only wakes the ticker; this table is what is due."""

    __tablename__ = "schedule"
    __table_args__ = (UniqueConstraint("incident_id", "kind", name="uq_schedule_incident_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    kind: str = Field(max_length=24)
    due_at: datetime = Field(index=True)
    payload: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class PaceBucket(SQLModel, table=True):
    """A channel's `chat.postMessage` token bucket, shared by replicas on PostgreSQL (bot/store/pace.py).
    `at` is seconds since the epoch, when `tokens` was last counted."""

    __tablename__ = "pace"

    channel: str = Field(primary_key=True, max_length=32)
    tokens: float
    at: float


class Announcement(SQLModel, table=True):
    """One declared-announcement message in the announce channel and the minute it gathers: the
    incidents declared while it is open are listed in it (their `announce_ts` is its `ts`) rather
    than each getting a message. `ts` is None until the opener's post is in."""

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32, index=True)
    opened_at: datetime
    opener_id: int
    ts: str | None = Field(default=None, max_length=32)


# Tables kept in modules of their own, imported here so that importing the models puts every table in
# SQLModel's metadata (Alembic and the tests read it from here).
from bot.store.oncall_tables import OncallFeedCopy, OncallGroupMembers  # noqa: E402, F401
from bot.store.runbook_tables import RunbookCopy, RunbookStep  # noqa: E402, F401
