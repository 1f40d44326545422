"""The catch-up as Block Kit: one section per part, each inside Slack's 3000 characters. Every piece
of text people typed (titles, updates, notes, action items) is escaped, so it reads as written and
pings nobody."""

from __future__ import annotations

from datetime import datetime

from bot.core.actions.items import ActionItemView
from bot.core.catchup import CatchUp
from bot.core.narrative import describe
from bot.core.status import EMOJI
from bot.core.views import EventView
from bot.rendering import format_duration
from bot.slack.blocks.answers import VOICE, roles
from bot.slack.blocks.kit import Block, context, fit, mention, quoted, section
from bot.slack.mrkdwn import escape, link

# Bounds that keep each section under Slack's 3000 characters with room to spare: five highlights,
# ten action items (the rest are counted), the last update. The full texts are a command away.
EVENT_LIMIT = 300
ACTION_LIMIT = 200
UPDATE_LIMIT = 1500
MAX_ACTIONS = 10


def catch_up(c: CatchUp) -> list[Block]:
    return [
        section(_headline(c)),
        section(roles(c.incident)),
        section(_last_update(c)),
        section(_highlights(c.highlights)),
        section(_actions(c)),
        context("Only you can see this. Everything so far: `/incident timeline`; again later: `/incident summary`."),
    ]


def text(c: CatchUp) -> str:
    """The notification fallback: no user text in it, so a push preview pings nobody either."""
    return f"Catch-up on {c.incident.ref}"


def _headline(c: CatchUp) -> str:
    i = c.incident
    when = f"open for {format_duration(c.duration)}" if c.ended_at is None else _ended(c)
    return (
        f"*Catch-up on {i.ref}* {i.level.emoji} {escape(i.title)}\n"
        f"{i.level.label} · {EMOJI[i.status]} {i.status.value} · {when} (declared {_stamp(i.declared_at, True)} UTC)"
    )


def _ended(c: CatchUp) -> str:
    verb = "cancelled after" if c.incident.cancelled_at else "lasted"
    return f"{verb} {format_duration(c.duration)}"


def _last_update(c: CatchUp) -> str:
    update, age = c.last_update, c.update_age
    if update is None or age is None:
        return "*Last update*: no update yet."
    when = f"{format_duration(age)} ago, {_stamp(update.at, True)} UTC"
    return f"*Last update* ({when}, by {mention(update.actor)}):\n{quoted(update.text, UPDATE_LIMIT)}"


def _highlights(events: tuple[EventView, ...]) -> str:
    with_date = len({e.at.date() for e in events}) > 1
    lines = [_highlight(e, with_date) for e in events]
    return "\n".join(["*Most important recent events* (UTC)", *lines])


def _highlight(event: EventView, with_date: bool) -> str:
    """One line per event: a note's lines are joined; a handoff shows its first line (who handed
    command to whom), its note stays on the timeline."""
    lines = describe(event, VOICE).split("\n")
    said = fit(lines[0] if event.kind == "handoff" else " ".join(lines), EVENT_LIMIT)
    shown = link(event.data.get("permalink"), "message")
    return f"• `{_stamp(event.at, with_date)}` {said}" + (f" ({shown})" if shown else "")


def _actions(c: CatchUp) -> str:
    if not c.actions:
        return "*Open action items*: none."
    lines = [_action(a, c.now) for a in c.actions[:MAX_ACTIONS]]
    if hidden := len(c.actions) - len(lines):
        lines.append(f"…and {hidden} more: `/incident actions`")
    return "\n".join([f"*Open action items* ({len(c.actions)}):", *lines])


def _action(item: ActionItemView, now: datetime) -> str:
    owner = mention(item.owner) if item.owner else "_no owner_"
    due = ""
    if item.due:
        due = f", due {item.due.isoformat()}" + (" (overdue)" if item.due < now.date() else "")
    return f"• {quoted(item.text, ACTION_LIMIT)} — {owner}{due}"


def _stamp(at: datetime, with_date: bool) -> str:
    return at.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")
