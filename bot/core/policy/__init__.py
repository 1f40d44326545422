"""The policy file (INCIDENT_POLICY_FILE): severities, escalation, on-call, quiet hours, nudges and the
sections other features read (permissions, SLOs, status page, alerts). One object, loaded once."""

from __future__ import annotations

import tomllib
from typing import Any

from bot.core.policy.durations import format_duration, parse_duration
from bot.core.policy.model import (
    DEFAULT_POLICY,
    AlertRoute,
    AlertsPolicy,
    EscalationLevel,
    Nudges,
    OncallSchedule,
    Policy,
    QuietHours,
)
from bot.core.policy.reader import PolicyError, Table
from bot.core.policy.schema import build

__all__ = [
    "DEFAULT_POLICY",
    "AlertRoute",
    "AlertsPolicy",
    "EscalationLevel",
    "Nudges",
    "OncallSchedule",
    "Policy",
    "PolicyError",
    "QuietHours",
    "format_duration",
    "load_policy",
    "parse_duration",
]


def load_policy(path: str | None) -> Policy:
    """The policy in `path`, or the built-in defaults when no file is configured. Whatever the file
    holds, the only error is a PolicyError: `check-policy` and `run` print it as one line."""
    if path is None:
        return DEFAULT_POLICY
    return build(Table(str(path), "", _parsed(str(path), _text(str(path)))))


def _text(path: str) -> str:
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except OSError as error:
        raise PolicyError(path, "", f"cannot be read ({error.strerror or error})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PolicyError(path, "", f"is not UTF-8 text (byte 0x{raw[error.start]:02x} on line {line})") from None


def _parsed(path: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(path, "", f"is not valid TOML ({error})") from None
    except RecursionError:  # tomllib reads nested arrays and tables recursively
        raise PolicyError(path, "", "is not usable TOML (arrays or tables nested too deep)") from None
