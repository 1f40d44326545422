"""The timeline as table rows: when, who, what (the sentence `describe` makes) and, for a pinned
message, its permalink. Names are resolved here once, so 10,000 rows render quickly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.core.links import web_url
from bot.core.views import EventView


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    what: str
    link: str | None  # a pinned message's permalink

    @property
    def day(self) -> str:
        """`2026-01-05` (UTC, as every stored time): slicing the ISO form is what keeps 10,000 rows quick."""
        return self.at.isoformat()[:10]

    @property
    def clock(self) -> str:
        """`09:05` (UTC)."""
        return self.at.isoformat()[11:16]


def entries(events: list[EventView], name: Callable[[str | None], str], say: Callable[[EventView], str]) -> list[Entry]:
    return [Entry(e.at, name(e.actor), say(e), _permalink(e)) for e in events]


def _permalink(event: EventView) -> str | None:
    return web_url(event.data.get("permalink")) if event.kind == "pin" else None
