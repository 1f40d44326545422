"""The tables of on-call from calendars (bot/core/feeds): each feed's stored copy, and the members
last set on each on-call user group."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel


class OncallFeedCopy(SQLModel, table=True):
    """The last good copy of a schedule's iCalendar feed, shared by replicas and kept across restarts: it
    stays in force when a refresh fails. `due_at` is the next refresh; a replica claims one by moving it."""

    __tablename__ = "oncall_feed"

    schedule: str = Field(primary_key=True, max_length=100)
    source: str = Field(max_length=2000)  # the URL or file the copy came from: a policy edit starts afresh
    body: str | None = Field(default=None, sa_column=Column(Text))
    digest: str | None = Field(default=None, max_length=64)
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=100)
    good_at: datetime | None = None  # when the source last gave or confirmed (304) the copy
    checked_at: datetime | None = None
    problem: str | None = Field(default=None, max_length=500)  # why the last refresh was refused
    due_at: datetime
    refresh_seconds: int


class OncallGroupMembers(SQLModel, table=True):
    """Whom a schedule's Slack user group was last set to: the replica that changes it queues the update."""

    __tablename__ = "oncall_group"

    schedule: str = Field(primary_key=True, max_length=100)
    usergroup: str = Field(max_length=32)
    people: str = Field(max_length=1000)  # comma-separated user IDs or e-mails
    set_at: datetime
