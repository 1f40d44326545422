"""One sentence per timeline event, for the channel, the timeline view and the postmortem.
`name` turns a user ID into what the surface shows (a Slack mention, a display name); `quote`
makes people's own text safe for that surface."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.impact import percent
from bot.core.roles import TITLES, Role
from bot.core.views import EventView
from bot.rendering import format_duration


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


def _handoff(e: EventView, v: Voice) -> str:
    """The handoff note: where things stand, who holds what, the last update, the newest entries."""
    d = e.data
    lines = [
        f"{v.name(e.actor)} handed command to {v.name(d['to'])}"
        + (f" (from {v.name(d['from'])})" if d.get("from") else ""),
        f"*Handoff note* — {d['severity'].upper()} · {d['status']} · open {_seconds(d['open_seconds'])}",
        "Roles: " + (", ".join(f"{TITLES[Role(r)]} {v.name(u)}" for r, u in d["roles"]) or "none"),
    ]
    if update := d.get("last_update"):
        lines.append(f"Last update ({v.name(update['actor'])}): {v.quote(update['text'])}")
    lines += [f"• {describe(_event(item), v)}" for item in d.get("recent", [])]
    return "\n".join(lines)


def _seconds(seconds: int) -> str:
    return format_duration(timedelta(seconds=seconds))


def _event(item: dict) -> EventView:
    data = json.loads(item["data"])
    return EventView(
        item["id"], datetime.fromisoformat(item["at"]), item["kind"], item["actor"], item["source"], item["text"], data
    )


# Where a declare came from when not from Slack (an alert's declare names its alert on the card).
DECLARED_FROM = {"cli": " from the command line", "web": " from the dashboard"}
PIN_MARKS = (("edited_at", "edited"), ("deleted_at", "deleted in Slack"), ("withdrawn_at", "withdrawn"))


def _pin(e: EventView, v: Voice) -> str:
    """The pinned message as it reads now, and what became of it in Slack since it was pinned."""
    marks = "".join(f" ({label})" for key, label in PIN_MARKS if e.data.get(key))
    return f"{v.name(e.actor)} (pinned): {v.quote(e.text)}{marks}"


def _paged(e: EventView, v: Voice) -> str:
    who = ", ".join(_target(t, v) for t in e.data["targets"])
    level = f"escalation level {e.data['level']}" if e.data.get("level") else "by hand"
    by = f"{v.name(e.actor)} paged" if e.actor else "Paged"
    return f"{by} {who} ({level})"


def _target(target: str, v: Voice) -> str:
    """User IDs are named; e-mails and groups are shown as written (Slack resolves them when paging)."""
    return v.name(target) if target[:1] in ("U", "W") and "@" not in target else v.quote(target)


def _impact(e: EventView, v: Voice) -> str:
    share = e.data.get("fraction")
    hurt = f" ({percent(share)} of users or requests hurt)" if share is not None else ""
    return f"{v.name(e.actor)} set the impact{hurt}" + (f": {v.quote(e.text)}" if e.text else "")


def _services_added(e: EventView, v: Voice) -> str:
    """An alert's `service` label adds services too: it has no actor, its source names it."""
    what = "services" if "," in e.text else "service"
    who = v.name(e.actor) if e.actor else f"An alert ({e.source})"
    return f"{who} added the affected {what} {v.quote(e.text)}"


def _action_added(e: EventView, v: Voice) -> str:
    owner = f" for {v.name(e.data['owner'])}" if e.data.get("owner") else " (no owner yet)"
    due = f", due {e.data['due']}" if e.data.get("due") else ""
    return f"{v.name(e.actor)} added action A-{e.data['item']}{owner}{due}: {v.quote(e.text)}"


def _action_reassigned(e: EventView, v: Voice) -> str:
    was = f" (was {v.name(e.data['from'])})" if e.data.get("from") else ""
    return f"{v.name(e.actor)} gave action A-{e.data['item']} to {v.name(e.data['to'])}{was}: {v.quote(e.text)}"


def _runbook_attached(e: EventView, v: Voice) -> str:
    how = "" if e.actor else f" ({e.data['reason']})"
    return f"{v.name(e.actor)} attached the runbook “{v.quote(e.text)}”, {e.data['steps']} steps{how}"


_SENTENCES: dict[str, Callable[[EventView, Voice], str]] = {
    "declared": lambda e, v: (
        f"{v.name(e.actor)} declared the incident ({e.data['severity'].upper()})"
        f"{DECLARED_FROM.get(e.source, '')}: {v.quote(e.text)}"
    ),
    "acknowledged": _with_text("acknowledged the incident"),
    "status": lambda e, v: f"{v.name(e.actor)} set status to {e.text}",
    "severity": lambda e, v: f"{v.name(e.actor)} changed severity {e.data['from'].upper()} → {e.text.upper()}",
    "role_assigned": _role_assigned,
    "role_relieved": lambda e, v: f"{v.name(e.actor)} relieved {v.name(e.data['user'])} of {e.text}",
    "renamed": lambda e, v: f"{v.name(e.actor)} renamed the incident to “{v.quote(e.text)}”",
    "impact": _impact,
    "service_added": _services_added,
    "note": lambda e, v: f"{v.name(e.actor)}: {v.quote(e.text)}",
    "pin": _pin,
    "update": _with_text("posted an update"),
    "resolved": _with_text("resolved the incident"),
    "reopened": _with_text("reopened the incident"),
    "cancelled": _with_text("cancelled the incident"),
    "closed": _with_text("closed the incident"),
    "alert": lambda e, v: f"{v.name(e.actor)} recorded {e.source} alerts: {v.quote(e.text)}",
    "paged": _paged,
    "handoff": _handoff,
    "postmortem_draft": lambda e, v: f"{v.name(e.actor)} posted postmortem draft v{e.data['version']}",
    "postmortem_done": lambda e, v: f"{v.name(e.actor)} marked the postmortem complete",
    "escalation_exhausted": lambda e, v: (
        f"Nobody acknowledged: all {e.data['levels']} escalation levels have been paged. Acknowledge with "
        "`/incident ack`, or page someone with `/incident escalate @person`"
    ),
    "action_added": _action_added,
    "action_done": lambda e, v: f"{v.name(e.actor)} marked action A-{e.data['item']} done: {v.quote(e.text)}",
    "action_reassigned": _action_reassigned,
    "runbook_attached": _runbook_attached,
    "runbook_step": lambda e, v: f"{v.name(e.actor)} {'ticked' if e.data['done'] else 'unticked'}: {v.quote(e.text)}",
}


def describe(event: EventView, voice: Voice) -> str:
    return _SENTENCES[event.kind](event, voice)
