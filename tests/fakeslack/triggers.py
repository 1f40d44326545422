"""Trigger ids that carry their own issue time.

Slack's trigger ids expire three seconds after the user's action. Encoding the
issue time in the id (``trig.<epoch-ms>.<random>``) lets any process mint valid
ids with :func:`make_trigger_id` without talking to the fake, while the fake can
still tell fresh, expired and malformed ids apart.
"""

from __future__ import annotations

import re
import secrets
import time

from .errors import SlackError

_TRIGGER_RE = re.compile(r"^trig\.(\d{12,16})\.([0-9a-f]{8,64})$")
#: Tolerated clock skew for ids minted by another process.
_FUTURE_SKEW_S = 1.0


def make_trigger_id(issued_at: float | None = None) -> str:
    """A trigger id issued at ``issued_at`` (default: now)."""
    when = time.time() if issued_at is None else issued_at
    return f"trig.{int(when * 1000)}.{secrets.token_hex(8)}"


def check_trigger(trigger_id: str | None, ttl: float, now: float | None = None) -> None:
    """Raise ``invalid_trigger_id`` or ``expired_trigger_id`` like views.open does."""
    match = _TRIGGER_RE.match(trigger_id or "")
    if match is None:
        raise SlackError("invalid_trigger_id")
    issued = int(match.group(1)) / 1000
    current = time.time() if now is None else now
    if issued > current + _FUTURE_SKEW_S:
        raise SlackError("invalid_trigger_id")
    if current - issued > ttl:
        raise SlackError("expired_trigger_id")
