"""Reading untrusted JSON field by field: each reader names the field it refuses and why, so a
sender gets a 400 that says what to fix. Unknown fields are never looked at. Every string read is
cleaned as typed text is (bot/core/text.py): NUL bytes, which PostgreSQL refuses, and lone
surrogates, which no encoding takes, never reach the database, so one poisoned alert cannot cost
the rest of its delivery."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from bot.core.links import web_url
from bot.core.text import clean

ZERO_TIME = "0001-01-01T00:00:00Z"  # Go's zero time: Alertmanager's and Grafana's "no endsAt"


class PayloadError(ValueError):
    """The payload cannot be used; the message is the reason given to the sender."""


def obj(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise PayloadError(f"{where} must be a JSON object")
    return value


def text(body: Mapping[str, Any], name: str, where: str = "", required: bool = True) -> str:
    """The field's cleaned text; "" when it is optional and absent."""
    value = body.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not clean(value)):
        raise PayloadError(f"{where}{name} must be a non-empty string")
    return clean(value)


def strings(body: Mapping[str, Any], name: str, where: str = "") -> dict[str, str]:
    """A map of string to string (labels, annotations), keys and values cleaned; absent means empty."""
    value = body.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise PayloadError(f"{where}{name} must be an object of strings")
    return cleaned(value)


def cleaned(pairs: Mapping[str, str]) -> dict[str, str]:
    """String pairs cleaned; a key that cleans to nothing is dropped."""
    found = {clean(str(k)): clean(v) for k, v in pairs.items()}
    return {k: v for k, v in found.items() if k}


def link(raw: Any) -> str | None:
    """The URL when `raw` is exactly one http(s) URL once cleaned, else None: the rule every
    rendered link passes again (bot/core/links.py), applied before anything is stored."""
    return web_url(clean(raw)) if isinstance(raw, str) else None


def timestamp(raw: str, name: str) -> datetime | None:
    """RFC 3339 (any fraction length) as aware UTC; Go's zero time is no time."""
    if raw in ("", ZERO_TIME):
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    except ValueError as error:
        raise PayloadError(f"{name} is not an RFC 3339 time: {raw[:40]!r}") from error
    except OverflowError as error:  # 9999-12-31T23:30:00-01:00 is after the last UTC time
        raise PayloadError(f"{name} is out of range in UTC: {raw[:40]!r}") from error


def short_key(prefix: str, raw: str, limit: int) -> str:
    """`prefix:raw`, or its hash when that would not fit the column."""
    key = f"{prefix}:{raw}"
    return key if len(key) <= limit else f"{prefix}:sha256:{hashlib.sha256(raw.encode()).hexdigest()}"
