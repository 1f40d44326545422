"""What an alert source tells the core, once its adapter has parsed and routed it: plain data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

SOURCE_MESSAGE = "Alert message"  # the link to a watched alert message: the incident links back to it


class AlertAction(StrEnum):
    DECLARE = "declare"  # declare an incident at once
    PROMPT = "prompt"  # offer a "Declare incident" button
    IGNORE = "ignore"  # record only


@dataclass(frozen=True)
class AlertSignal:
    """One alert. (fingerprint, starts_at) identifies it: a re-send of the same pair changes nothing."""

    fingerprint: str
    starts_at: datetime
    firing: bool
    name: str
    labels: Mapping[str, str] = field(default_factory=dict)
    annotations: Mapping[str, str] = field(default_factory=dict)
    ends_at: datetime | None = None
    url: str | None = None


@dataclass(frozen=True)
class AlertBatch:
    """One delivery for one group: the alerts it carries and what the route says to do with them."""

    key: str  # the group: receiver + groupKey, an events dedup_key, a watched message's title
    source: str  # alertmanager | events | slack
    title: str
    action: AlertAction
    alerts: tuple[AlertSignal, ...]
    severity: str | None = None
    links: Mapping[str, str] = field(default_factory=dict)  # runbook, dashboard, source message
    prompt_channel: str | None = None
    prompt_thread: str | None = None  # answer in this thread (a watched alert message)
    auto_resolve: bool = False
    unseen_firing: bool = False  # the sender left alerts out (truncatedAlerts) while the group fires
    drill: int | None = None  # a drill scenario's alert: joins that incident, never opens one (bot/core/drills/)


@dataclass(frozen=True)
class Intake:
    """What a delivery changed: new alerts, resolved ones, and the incident they belong to."""

    group_id: int
    new: int
    resolved: int
    incident: int | None = None
    opened: bool = False
