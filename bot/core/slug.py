"""Channel names: Slack allows lowercase `[a-z0-9-_]`, at most 80 characters."""

from __future__ import annotations

import re
import unicodedata

MAX_CHANNEL_NAME = 80
_MENTION = re.compile(r"<[@#!][^>]*>")
_NOT_ALLOWED = re.compile(r"[^a-z0-9_-]+")


def slugify(title: str) -> str:
    """Transliterate to ASCII, drop Slack markup, keep `[a-z0-9_-]`; empty → `incident`."""
    text = _MENTION.sub(" ", title)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = _NOT_ALLOWED.sub("-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-_")
    return text or "incident"


def channel_name(number: int, title: str, suffix: int = 0, drill: bool = False) -> str:
    """`inc-<n>-<slug>` (a drill's `inc-<n>-drill-<slug>`), cut on a word boundary to fit 80
    characters with its suffix."""
    prefix = f"inc-{number}-drill-" if drill else f"inc-{number}-"
    tail = f"-{suffix}" if suffix else ""
    room = MAX_CHANNEL_NAME - len(prefix) - len(tail)
    slug = slugify(title)
    if len(slug) > room:
        slug = slug[:room]
        cut = slug.rfind("-")
        slug = (slug[:cut] if cut > room // 2 else slug).rstrip("-_")
    return f"{prefix}{slug}{tail}"
