"""Slack's request signature (v0), checked on the raw bytes: before anything decodes or parses
them, and for bodies that are not even UTF-8 (the SDK's verifier decodes first and raises)."""

from __future__ import annotations

import hashlib
import hmac
import re
import time

MAX_AGE = 5 * 60  # Slack's advice: refuse older requests, so a captured one cannot be replayed later
_TIMESTAMP = re.compile(r"\d{1,12}")


def is_signed(secret: str, raw: bytes, timestamp: str, signature: str, now: float | None = None) -> bool:
    if not _TIMESTAMP.fullmatch(timestamp):
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > MAX_AGE:
        return False
    expected = "v0=" + hmac.new(secret.encode(), b"v0:%s:%s" % (timestamp.encode(), raw), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode("latin-1", "replace"))
