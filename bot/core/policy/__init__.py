"""The policy file (INCIDENT_POLICY_FILE): severities, escalation, on-call, quiet hours, nudges and the
sections other features read (permissions, SLOs, status page, alerts). One object, loaded once."""

from __future__ import annotations

import tomllib

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
    """The policy in `path`, or the built-in defaults when no file is configured."""
    if path is None:
        return DEFAULT_POLICY
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except OSError as error:
        raise PolicyError(str(path), "", f"cannot be read ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(str(path), "", f"is not valid TOML ({error})") from None
    return build(Table(str(path), "", data))
