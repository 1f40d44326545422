"""The export's columns, in their documented, stable order (docs/EXPORT.md). New columns are only
ever added at the end, so a spreadsheet or BI model built on the export keeps working."""

from __future__ import annotations

from typing import Any

Row = dict[str, Any]  # column → value: str, int, bool, datetime, list[str] or None

IDENTITY = ("number", "ref", "title", "severity", "status", "private")
TIMESTAMPS = (
    "impact_started_at",
    "declared_at",
    "acknowledged_at",
    "identified_at",
    "mitigated_at",
    "resolved_at",
    "closed_at",
    "cancelled_at",
)
KEY_TIMES = ("detect_seconds", "acknowledge_seconds", "identify_seconds", "mitigate_seconds", "resolve_seconds")
COUNTS = (
    "timeline_events",
    "status_updates",
    "pins",
    "alerts",
    "action_items_open",
    "action_items_done",
    "roles_held",
)
COLUMNS = (*IDENTITY, *TIMESTAMPS, *KEY_TIMES, "services", *COUNTS, "postmortem_done_at", "drill")
