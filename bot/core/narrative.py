"""One sentence per timeline event, for the channel, the timeline view and the postmortem.
`name` turns a user ID into what the surface shows (a Slack mention, a display name); `quote`
makes people's own text safe for that surface."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.core.roles import TITLES, Role
from bot.core.views import EventView


def _verbatim(text: str) -> str:
    return text


@dataclass(frozen=True)
class Voice:
    name: Callable[[str | None], str]
    quote: Callable[[str], str] = _verbatim


def _role_assigned(e: EventView, v: Voice) -> str:
    role = Role(e.data["role"])
    area = f" ({v.quote(e.data['area'])})" if e.data.get("area") else ""
    replaced = f", taking over from {v.name(e.data['replaced'])}" if e.data.get("replaced") else ""
    return f"{v.name(e.actor)} made {v.name(e.data['user'])} {TITLES[role].lower()}{area}{replaced}"


def _with_text(verb: str) -> Callable[[EventView, Voice], str]:
    return lambda e, v: f"{v.name(e.actor)} {verb}" + (f": {v.quote(e.text)}" if e.text else "")


_SENTENCES: dict[str, Callable[[EventView, Voice], str]] = {
    "declared": lambda e, v: (
        f"{v.name(e.actor)} declared the incident ({e.data['severity'].upper()}): {v.quote(e.text)}"
    ),
    "acknowledged": _with_text("acknowledged the incident"),
    "status": lambda e, v: f"{v.name(e.actor)} set status to {e.text}",
    "severity": lambda e, v: f"{v.name(e.actor)} changed severity {e.data['from'].upper()} → {e.text.upper()}",
    "role_assigned": _role_assigned,
    "role_relieved": lambda e, v: f"{v.name(e.actor)} relieved {v.name(e.data['user'])} of {e.text}",
    "renamed": lambda e, v: f"{v.name(e.actor)} renamed the incident to “{v.quote(e.text)}”",
    "impact": _with_text("set the impact"),
    "note": lambda e, v: f"{v.name(e.actor)}: {v.quote(e.text)}",
    "pin": lambda e, v: f"{v.name(e.actor)} (pinned): {v.quote(e.text)}",
    "update": _with_text("posted an update"),
    "resolved": _with_text("resolved the incident"),
    "reopened": _with_text("reopened the incident"),
    "cancelled": _with_text("cancelled the incident"),
    "closed": _with_text("closed the incident"),
    "alert": lambda e, v: f"{v.name(e.actor)} recorded {e.source} alerts: {v.quote(e.text)}",
}


def describe(event: EventView, voice: Voice) -> str:
    return _SENTENCES[event.kind](event, voice)
