"""Builds a Policy from the parsed TOML, section by section, checking the whole schema that
docs/policy.example.toml shows."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time, timedelta
from types import MappingProxyType
from typing import Any

import bot.core.policy.feeds as feeds
import bot.core.policy.reader as r
from bot.core.policy.drills import read_drills
from bot.core.policy.durations import Bounds
from bot.core.policy.model import (
    AlertRoute,
    AlertsPolicy,
    EscalationLevel,
    Nudges,
    OncallSchedule,
    Permissions,
    Policy,
    PostmortemPolicy,
    QuietHours,
    Slo,
    StatusPage,
)
from bot.core.policy.patterns import LabelPattern, label_pattern
from bot.core.policy.quoting import shown
from bot.core.policy.reader import Table
from bot.core.policy.runbooks import read_runbooks
from bot.core.severity import DEFAULT_LEVELS, LEVELS, SeverityLevel

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
SUBTEAM = re.compile(r"subteam:(S[A-Z0-9]{2,})")
ACTIONS = ("declare", "prompt", "ignore")
# The range of each duration (README → Policy). Timers start at 1s so drills and tests can run in seconds.
SECOND, MINUTE, HOUR, DAY = (timedelta(seconds=n) for n in (1, 60, 3600, 86400))
ACK_WITHIN = Bounds(MINUTE, 7 * DAY)  # a target people read on the card
UPDATE_EVERY = Bounds(SECOND, 7 * DAY)
AFTER = Bounds(SECOND, DAY)  # an escalation slower than a day escalates nothing
NUDGE = Bounds(SECOND, DAY)
REMIND_EVERY = Bounds(HOUR, 30 * DAY)
SLO_WINDOW = Bounds(DAY, 90 * DAY)


def build(root: Table) -> Policy:
    oncall = {name: _schedule(name, table) for name, table in root.table("oncall").subtables()}
    policy = Policy(
        default_severity=root.get("default_severity", r.one_of(*LEVELS), "sev3"),
        severities=MappingProxyType(_severities(root.table("severities"))),
        escalation=_escalation(root.table("escalation"), set(oncall)),
        oncall=MappingProxyType(oncall),
        quiet_hours=_quiet_hours(root) if "quiet_hours" in root.data else None,
        nudges=_closed(root.table("nudges"), _nudges),
        postmortem=_closed(
            root.table("postmortem"),
            lambda t: PostmortemPolicy(t.get("remind_every", REMIND_EVERY, PostmortemPolicy.remind_every)),
        ),
        permissions=_closed(root.table("permissions"), _permissions),
        slo=MappingProxyType({name: _closed(table, _slo) for name, table in root.table("slo").subtables()}),
        status=_closed(root.table("status"), lambda t: StatusPage(t.get("components", r.texts, ()))),
        alerts=_closed(root.table("alerts"), _alerts),
        runbooks=read_runbooks(root),
        drills=_closed(root.table("drills"), read_drills),
        source=root.source,
    )
    root.close()
    return policy


def _closed(table: Table, read: Callable[[Table], Any]) -> Any:
    value = read(table)
    table.close()
    return value


def _severities(table: Table) -> dict[str, SeverityLevel]:
    levels = dict(DEFAULT_LEVELS)
    for key in table.data:
        if key not in LEVELS:
            raise table.fail(key, f"unknown severity; use {', '.join(LEVELS)}")
        levels[key] = _closed(table.table(key), lambda t, key=key: _severity(t, DEFAULT_LEVELS[key]))
    table.close()
    return levels


def _severity(t: Table, base: SeverityLevel) -> SeverityLevel:
    """Keys left out keep the built-in value, except `update_every`: absent means no update nudges."""
    return SeverityLevel(
        base.key,
        t.get("label", r.text, base.label),
        t.get("description", r.text, base.description),
        t.get("ack_within", ACK_WITHIN, base.ack_within),
        t.get("update_every", UPDATE_EVERY, None),
        t.get("page", r.flag, base.page),
        base.emoji,
    )


def _escalation(table: Table, schedules: set[str]) -> tuple[EscalationLevel, ...]:
    levels = tuple(_closed(t, lambda t: _level(t, schedules)) for t in table.tables("levels"))
    table.close()
    return levels


def _level(t: Table, schedules: set[str]) -> EscalationLevel:
    notify = t.require("notify", lambda v: tuple(_target(item, schedules) for item in r.texts(v)))
    if not notify:
        raise t.fail("notify", "is empty: name at least one person, group or schedule")
    return EscalationLevel(notify, t.require("after", AFTER))


def _target(item: str, schedules: set[str]) -> str:
    if item.startswith("oncall:"):
        if item[7:] not in schedules:
            raise ValueError(f"{shown(item)} names no schedule; define [oncall.<name>] or fix the name")
        return item
    if USER_ID.fullmatch(item) or EMAIL.fullmatch(item) or SUBTEAM.fullmatch(item):
        return item
    raise ValueError(f"{shown(item)} is not oncall:<schedule>, a user ID (U…), an e-mail or subteam:<S…>")


def _person(item: str) -> str:
    if USER_ID.fullmatch(item) or EMAIL.fullmatch(item):
        return item
    raise ValueError(f"{shown(item)} is neither a user ID (U…) nor an e-mail")


def _schedule(name: str, t: Table) -> OncallSchedule:
    if feeds.is_feed(t):
        return _closed(t, lambda t: _feed_schedule(name, t))
    rotation = t.get("rotation", r.one_of("weekly", "daily"), "weekly")
    day, at = t.require("handoff", lambda v: _handoff(v, rotation))
    users = t.require("users", lambda v: tuple(_person(u) for u in r.texts(v)))
    if not users:
        raise t.fail("users", "is empty: a rotation needs at least one person")
    zone = t.require("timezone", r.timezone)
    schedule = OncallSchedule(name, zone, day, at, rotation, users, feeds.usergroup(t))
    t.close()
    return schedule


def _feed_schedule(name: str, t: Table) -> OncallSchedule:
    feed = feeds.feed(t, _person)
    return OncallSchedule(name, feed.zone or "UTC", None, time(0), "feed", (), feeds.usergroup(t), feed)


def _handoff(value: Any, rotation: str) -> tuple[int | None, Any]:
    """Weekly: "mon 09:00" (or "monday 09:00"); daily: "09:00" (a day, if given, is refused as meaningless)."""
    parts = r.text(value).lower().split()
    if rotation == "weekly" and len(parts) == 2 and _weekday(parts[0]) is not None:
        return _weekday(parts[0]), r.clock_time(parts[1])
    if rotation == "daily" and len(parts) == 1:
        return None, r.clock_time(parts[0])
    form = '"mon 09:00" (a day: mon … sun, or its full name)' if rotation == "weekly" else '"09:00"'
    raise ValueError(f"{shown(value)} is not a {rotation} handoff: write {form}")


def _weekday(name: str) -> int | None:
    """Monday = 0 for "mon" or "monday"; None for anything else ("monkey" is no day)."""
    for index, day in enumerate(DAYS):
        if name in (day[:3], day):
            return index
    return None


def _quiet_hours(root: Table) -> QuietHours:
    t = root.table("quiet_hours")
    return _closed(
        t,
        lambda t: QuietHours(
            t.require("timezone", r.timezone), t.require("from", r.clock_time), t.require("to", r.clock_time)
        ),
    )


def _nudges(t: Table) -> Nudges:
    base = Nudges()
    return Nudges(
        t.get("no_commander_after", NUDGE, base.no_commander_after),
        t.get("commander_silent_after", NUDGE, base.commander_silent_after),
        t.get("stuck_investigating_after", NUDGE, base.stuck_investigating_after),
    )


def _who(value: Any) -> str:
    if value in ("anyone", "roles") or (isinstance(value, str) and SUBTEAM.fullmatch(value)):
        return value
    raise ValueError(f'must be "anyone", "roles" or "subteam:<ID>", not {value!r}')


def _permissions(t: Table) -> Permissions:
    rules = {name: t.get(name, _who, "anyone") for name in ("change_severity", "resolve", "reopen", "close")}
    return Permissions(
        declare=t.get("declare", _declarer, "anyone"),
        assign_roles=t.get("assign_roles", _who, _assigner(rules)),
        **rules,
    )


def _assigner(rules: dict[str, str]) -> str:
    """`assign_roles` when the file leaves it out: "roles" as soon as another rule is, because a
    "roles" rule that anyone meets by giving themselves a role first stops nobody."""
    return "roles" if "roles" in rules.values() else "anyone"


def _declarer(value: Any) -> str:
    """No one holds a role in an incident not yet declared: "roles" would lock everyone out."""
    if value == "roles":
        raise ValueError('can\'t be "roles": no one holds a role before the incident exists; use "anyone" or a subteam')
    return _who(value)


def _ratio(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
        raise ValueError(f"must be a number between 0 and 1 (e.g. 0.999), not {shown(value)}")
    return float(value)


def _slo(t: Table) -> Slo:
    return Slo(t.require("target", _ratio), t.get("window", SLO_WINDOW, timedelta(days=30)))


def _alerts(t: Table) -> AlertsPolicy:
    return AlertsPolicy(
        t.get("default_action", r.one_of(*ACTIONS), "prompt"),
        t.get("prompt_channel", r.text, None),
        t.get("watch_channels", r.texts, ()),
        t.get("auto_resolve", r.flag, False),
        tuple(_closed(route, _route) for route in t.tables("routes")),
    )


def _route(t: Table) -> AlertRoute:
    return AlertRoute(
        MappingProxyType(t.get("match", _labels, {})),
        MappingProxyType(_patterns(t.table("match_re"))),
        t.require("action", r.one_of(*ACTIONS)),
        t.get("severity", r.one_of(*LEVELS), None),
    )


def _patterns(table: Table) -> dict[str, LabelPattern]:
    """Read label by label, so a refused regex is named with its label (`match_re.alertname`)."""
    return {label: table.get(label, _pattern, None) for label in table.data}


def _pattern(value: Any) -> LabelPattern:
    if not isinstance(value, str):
        raise ValueError(f"must be a regular expression in a string, not {shown(value)}")
    return label_pattern(value)


def _labels(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError(f'must be a table of label = "value" strings, not {shown(value)}')
    return dict(value)
