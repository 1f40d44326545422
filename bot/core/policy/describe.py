"""The effective policy written back as TOML, defaults filled in: what `check-policy` prints."""

from __future__ import annotations

import json
from datetime import time, timedelta
from typing import Any

from bot.core.policy.durations import format_duration
from bot.core.policy.model import OncallSchedule, Policy
from bot.core.policy.runbooks import describe_runbooks

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def describe(policy: Policy) -> str:
    lines = [
        f"# effective policy from {policy.source or 'built-in defaults'}",
        _pair("default_severity", policy.default_severity),
    ]
    for key, level in policy.severities.items():
        lines += ["", f"[severities.{key}]"]
        lines += _pairs(label=level.label, description=level.description, ack_within=level.ack_within)
        lines += _pairs(update_every=level.update_every, page=level.page)
    for step in policy.escalation:
        lines += ["", "[[escalation.levels]]", *_pairs(notify=list(step.notify), after=step.after)]
    for name, schedule in policy.oncall.items():
        lines += ["", f"[oncall.{name}]", *_schedule(schedule)]
    if policy.quiet_hours:
        hours = policy.quiet_hours
        lines += ["", "[quiet_hours]", *_pairs(timezone=hours.timezone, **{"from": hours.start, "to": hours.end})]
    lines += ["", "[nudges]", *_pairs(**vars(policy.nudges))]
    lines += ["", "[postmortem]", *_pairs(**vars(policy.postmortem))]
    lines += ["", "[permissions]", *_pairs(**vars(policy.permissions))]
    for service, slo in policy.slo.items():
        lines += ["", f"[slo.{service}]", *_pairs(target=slo.target, window=slo.window)]
    lines += ["", "[status]", *_pairs(components=list(policy.status.components))]
    alerts = policy.alerts
    lines += ["", "[alerts]", *_pairs(default_action=alerts.default_action, prompt_channel=alerts.prompt_channel)]
    lines += _pairs(watch_channels=list(alerts.watch_channels), auto_resolve=alerts.auto_resolve)
    for route in alerts.routes:
        lines += ["", "[[alerts.routes]]"]
        patterns = {label: pattern.source for label, pattern in route.match_re.items()}
        lines += _pairs(match=dict(route.match) or None, match_re=patterns or None)
        lines += _pairs(action=route.action, severity=route.severity)
    lines += describe_runbooks(policy.runbooks, _pair)
    return "\n".join(lines) + "\n"


def _schedule(schedule: OncallSchedule) -> list[str]:
    at = schedule.handoff_time.strftime("%H:%M")
    handoff = at if schedule.handoff_day is None else f"{DAYS[schedule.handoff_day]} {at}"
    return _pairs(timezone=schedule.timezone, handoff=handoff, rotation=schedule.rotation, users=list(schedule.users))


def _pairs(**values: Any) -> list[str]:
    return [_pair(name, value) for name, value in values.items() if value is not None]


def _pair(name: str, value: Any) -> str:
    return f"{name} = {_value(value)}"


def _value(value: Any) -> str:
    if isinstance(value, timedelta):
        return _string(format_duration(value))
    if isinstance(value, time):
        return _string(value.strftime("%H:%M"))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_string(k)} = {_string(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(map(_value, value)) + "]"
    return _string(value) if isinstance(value, str) else json.dumps(value)


def _string(text: str) -> str:
    """A TOML basic string. JSON's escapes are TOML's, except that JSON writes characters beyond the BMP
    as surrogate pairs (TOML refuses them: hence ensure_ascii=False) and leaves DEL bare (TOML refuses it)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
