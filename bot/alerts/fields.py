"""Reading untrusted JSON field by field: each reader names the field it refuses and why, so a
sender gets a 400 that says what to fix. Unknown fields are never looked at."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

ZERO_TIME = "0001-01-01T00:00:00Z"  # Go's zero time: Alertmanager's and Grafana's "no endsAt"


class PayloadError(ValueError):
    """The payload cannot be used; the message is the reason given to the sender."""


def obj(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise PayloadError(f"{where} must be a JSON object")
    return value


def text(body: Mapping[str, Any], name: str, where: str = "", required: bool = True) -> str:
    value = body.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise PayloadError(f"{where}{name} must be a non-empty string")
    return value


def strings(body: Mapping[str, Any], name: str, where: str = "") -> dict[str, str]:
    """A map of string to string (labels, annotations); absent means empty."""
    value = body.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise PayloadError(f"{where}{name} must be an object of strings")
    return {str(k): v for k, v in value.items()}


def timestamp(raw: str, name: str) -> datetime | None:
    """RFC 3339 (any fraction length) as aware UTC; Go's zero time is no time."""
    if raw in ("", ZERO_TIME):
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as error:
        raise PayloadError(f"{name} is not an RFC 3339 time: {raw[:40]!r}") from error
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def short_key(prefix: str, raw: str, limit: int) -> str:
    """`prefix:raw`, or its hash when that would not fit the column."""
    key = f"{prefix}:{raw}"
    return key if len(key) <= limit else f"{prefix}:sha256:{hashlib.sha256(raw.encode()).hexdigest()}"
