"""A drill scenario file (TOML): the drill to declare and the Alertmanager payloads to replay on a
timetable. Every payload is parsed by the same adapter as the webhook's, so a scenario is refused
whole, before anything is declared, for whatever the webhook would refuse.

    title = "Checkout is failing"
    severity = "sev2"                 # optional: the policy's default_severity
    participants = ["U0ALICE", "U0BOB"]   # invited; the only people the drill pages
    commander = "U0ALICE"             # optional: nobody commands until someone takes command

    [[alerts]]
    at = "0m"                         # minutes (or s, h) after the declare
    payload = { receiver = "…", status = "firing", alerts = [ … ] }   # inline, or:
    [[alerts]]
    at = "3m"
    file = "high-error-rate.json"     # relative to the scenario file
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import bot.core.policy.reader as r
from bot.alerts import alertmanager
from bot.alerts.fields import PayloadError
from bot.core.drills.replay import TimedAlert
from bot.core.errors import InvalidInput
from bot.core.incidents import clean_title
from bot.core.policy import Policy
from bot.core.policy.durations import Bounds
from bot.core.policy.reader import PolicyError, Table
from bot.core.policy.schema import USER_ID
from bot.core.severity import LEVELS

LATEST = Bounds(timedelta(seconds=1), timedelta(days=1))  # a drill's timetable fits in a day
ZERO = re.compile(r"0+\s*[smh]?")


@dataclass(frozen=True)
class Scenario:
    title: str
    severity: str
    participants: tuple[str, ...]
    commander: str | None
    alerts: tuple[TimedAlert, ...]


def read_scenario(path: Path, policy: Policy, minute: timedelta = timedelta(minutes=1)) -> Scenario:
    """`minute`: how long a scenario minute lasts (shorter to rehearse, or in tests). Raises
    PolicyError naming the file, the key and the problem."""
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PolicyError(source, "", f"cannot read the scenario: {error}") from None
    root = Table(source, "", data)
    scenario = Scenario(
        title=root.require("title", _title),
        severity=root.get("severity", r.one_of(*LEVELS), policy.default_severity),
        participants=root.get("participants", _people, ()),
        commander=root.get("commander", _person, None),
        alerts=tuple(_alert(t, path.parent, policy, minute / timedelta(minutes=1)) for t in root.tables("alerts")),
    )
    root.close()
    return scenario


def _alert(t: Table, folder: Path, policy: Policy, scale: float) -> TimedAlert:
    after = t.require("at", _at) * scale
    if ("payload" in t.data) == ("file" in t.data):
        raise t.fail("payload", 'give the Alertmanager payload inline (payload = {…}) or as file = "x.json", once')
    body = t.get("payload", lambda v: v, None) or t.get("file", lambda v: _file(folder, v), None)
    try:
        batch = alertmanager.parse(body, policy.alerts)
    except PayloadError as error:
        raise t.fail("payload", f"not an Alertmanager payload: {error}") from None
    t.close()
    return TimedAlert(after, batch)


def _file(folder: Path, value: Any) -> Any:
    path = folder / r.text(value)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"cannot read {path}: {error}") from None


def _at(value: Any) -> timedelta:
    if isinstance(value, str) and ZERO.fullmatch(value.strip()):
        return timedelta(0)
    return LATEST(value)


def _title(value: Any) -> str:
    try:
        return clean_title(r.text(value))
    except InvalidInput as error:
        raise ValueError(str(error)) from None


def _person(value: Any) -> str:
    if not isinstance(value, str) or not USER_ID.fullmatch(value.strip()):
        raise ValueError(f"must be a Slack user ID such as U0123ABC, not {value!r}")
    return value.strip()


def _people(value: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_person(item) for item in r.texts(value)))
