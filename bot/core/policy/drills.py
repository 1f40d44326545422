"""`[drills]`: where drills are announced instead of the announce channel, and whether a drill may
page the real on-call. Read on its own so the schema module only names it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import bot.core.policy.reader as r
from bot.core.policy.quoting import shown
from bot.core.policy.reader import Table

CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")


@dataclass(frozen=True)
class DrillsPolicy:
    channel: str | None = None  # None: drills are announced nowhere
    page_oncall: bool = False  # True: the escalation policy pages as written, on-call included


def read_drills(t: Table) -> DrillsPolicy:
    return DrillsPolicy(t.get("channel", _channel, None), t.get("page_oncall", r.flag, False))


def _channel(value: Any) -> str:
    """A channel ID: the drills channel is never looked up by name, so a rename cannot move drills."""
    if not isinstance(value, str) or not CHANNEL_ID.fullmatch(value.strip()):
        raise ValueError(f"must be a channel ID such as C0DRILLS, not {shown(value)}")
    return value.strip()
