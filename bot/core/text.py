"""Free text people type: notes, updates, impact. Bounded so every message that carries it fits."""

from __future__ import annotations

from bot.core.errors import InvalidInput

MAX_TEXT = 2500


def bounded(raw: str | None, what: str, limit: int = MAX_TEXT) -> str:
    text = (raw or "").strip()
    if not text:
        raise InvalidInput(f"{what} is empty: write it after the subcommand.")
    if len(text) > limit:
        raise InvalidInput(f"{what} is {len(text)} characters long; keep it to {limit} or fewer.")
    return text
