"""Which Slack failures are worth retrying, and how to say them to a person."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from urllib.error import URLError

from slack_sdk.errors import SlackApiError

TRANSIENT_ERRORS = frozenset({"ratelimited", "internal_error", "fatal_error", "request_timeout", "service_unavailable"})


@dataclass(frozen=True)
class Failure:
    retryable: bool
    reason: str
    retry_after: float | None = None
    rate_limited: bool = False  # the call did not happen: a wait, not a failure
    code: str = "unknown"  # Slack's error code (or `http_503`, `timeout`), a bounded label for metrics


def classify(error: Exception) -> Failure:
    if isinstance(error, SlackApiError):
        status = error.response.status_code
        code = error.response.get("error") if isinstance(error.response.data, dict) else None
        label = str(code or f"http_{status}")
        if status == 429:
            return Failure(
                True,
                "Slack is rate-limiting us",
                _retry_after(error),
                rate_limited=True,
                code=str(code or "ratelimited"),
            )
        if status >= 500:
            return Failure(True, f"Slack answered HTTP {status}", code=label)
        return Failure(code in TRANSIENT_ERRORS, f"Slack said `{code or status}`", code=label)
    if isinstance(error, (TimeoutError, socket.timeout, URLError, ConnectionError)):
        return Failure(True, "Slack did not answer in time", code="unreachable")
    return Failure(False, f"{type(error).__name__}: {error}", code=type(error).__name__)


def _retry_after(error: SlackApiError) -> float | None:
    headers = {k.lower(): v for k, v in (error.response.headers or {}).items()}
    raw = headers.get("retry-after")
    value = raw[0] if isinstance(raw, list) else raw
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
