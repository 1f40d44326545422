"""Severity levels and their defaults (customer impact, acknowledgement target, update cadence)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.core.errors import InvalidInput

LEVELS = ("sev1", "sev2", "sev3", "sev4")
DEFAULT_SEVERITY = "sev3"


@dataclass(frozen=True)
class SeverityLevel:
    key: str
    label: str
    description: str
    ack_within: timedelta
    update_every: timedelta | None
    page: bool
    emoji: str


DEFAULT_LEVELS: dict[str, SeverityLevel] = {
    "sev1": SeverityLevel(
        "sev1",
        "SEV1",
        "All customers unable to use a core function, or data loss or breach",
        timedelta(minutes=5),
        timedelta(minutes=20),
        True,
        "🔴",
    ),
    "sev2": SeverityLevel(
        "sev2",
        "SEV2",
        "A significant subset of customers affected, or a core function degraded",
        timedelta(minutes=15),
        timedelta(minutes=30),
        True,
        "🟠",
    ),
    "sev3": SeverityLevel(
        "sev3",
        "SEV3",
        "Minor degradation; a workaround exists",
        timedelta(hours=4),
        timedelta(hours=2),
        False,
        "🟡",
    ),
    "sev4": SeverityLevel(
        "sev4",
        "SEV4",
        "No customer impact",
        timedelta(days=1),
        None,
        False,
        "🔵",
    ),
}


def parse_severity(raw: str) -> str:
    """Accept `sev2`, `SEV2`, `2`; anything else is an InvalidInput naming the choices."""
    key = raw.strip().lower()
    if key.isdigit():
        key = f"sev{key}"
    if key not in LEVELS:
        raise InvalidInput(f"`{raw}` is not a severity. Use one of: {', '.join(LEVELS)}.")
    return key
