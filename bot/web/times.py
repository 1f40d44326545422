"""Times on pages: always UTC, written out in full, with the ISO form in `<time datetime>` so the
optional script (static/local-time.js) can add the reader's local time beside it. Stored times are
naive UTC (the core's clock), so both filters treat a naive time as UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def _aware(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def utc(at: datetime | None) -> str:
    """`2026-12-06 09:41 UTC`; an empty string for a time that never happened."""
    return "" if at is None else _aware(at).strftime("%Y-%m-%d %H:%M UTC")


def iso(at: datetime | None) -> str:
    """`2026-12-06T09:41:00Z`, for `<time datetime>`, JSON and feeds."""
    return "" if at is None else _aware(at).strftime("%Y-%m-%dT%H:%M:%SZ")
