"""The tables of runbooks attached to incidents (bot/core/runbooks): each copy and its steps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class RunbookCopy(SQLModel, table=True):
    """A runbook attached to an incident, its steps copied at attach: a runbook file edited later
    changes nothing in incidents that used it. `version` counts changes, so each re-render of the
    checklist message gets new block ids (Slack clients keep a checkbox's local state otherwise)."""

    __tablename__ = "runbook"
    __table_args__ = (UniqueConstraint("incident_id", "name", name="uq_runbook_incident_name"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    name: str = Field(max_length=200)
    title: str = Field(max_length=200)
    attached_at: datetime
    attached_by: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    version: int = 0


class RunbookStep(SQLModel, table=True):
    """One step's state: `done`, and who changed it last and when (a tick, or an untick)."""

    __tablename__ = "runbook_step"
    __table_args__ = (UniqueConstraint("runbook_id", "position", name="uq_runbook_step_position"),)

    id: int | None = Field(default=None, primary_key=True)
    runbook_id: int = Field(foreign_key="runbook.id")
    position: int
    text: str = Field(max_length=200)
    link: str | None = Field(default=None, sa_column=Column(Text))
    done: bool = False
    changed_at: datetime | None = None
    changed_by: str | None = Field(default=None, max_length=32)
