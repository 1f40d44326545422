"""Ephemeral answers: the incident list, roles, the timeline. Long ones keep the newest entries
that fit one message and say how to get the rest — nothing is cut silently."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from bot.core.narrative import Voice, describe
from bot.core.roles import TITLES, Role
from bot.core.status import EMOJI
from bot.core.views import EventView, IncidentView
from bot.slack.blocks.kit import SECTION_LIMIT, Block, context, fit, mention, section
from bot.slack.mrkdwn import escape, link

MAX_BLOCKS = 45


VOICE = Voice(name=lambda user_id: mention(user_id) if user_id else "the bot", quote=escape)


def event_line(event: EventView, with_date: bool) -> str:
    stamp = event.at.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")
    gone = event.data.get("deleted_at")  # a deleted message's link leads nowhere
    shown = None if gone else link(event.data.get("permalink"), "message")
    return f"`{stamp}` {describe(event, VOICE)}" + (f" ({shown})" if shown else "")


def timeline(incident: IncidentView, events: Sequence[EventView]) -> list[Block]:
    with_date = len({e.at.date() for e in events}) > 1
    lines = [fit(event_line(e, with_date), SECTION_LIMIT) for e in events]
    chunks, shown = _latest(lines, MAX_BLOCKS - 2)
    blocks = [section(f"*Timeline of {incident.ref}* (UTC)"), *(section(c) for c in chunks)]
    if shown < len(lines):
        blocks.append(
            context(
                f"Showing the latest {shown} of {len(lines)} entries. The full timeline is in "
                f"the postmortem draft: `incident-bot postmortem {incident.ref}`."
            )
        )
    return blocks


def _latest(lines: Sequence[str], budget: int) -> tuple[list[str], int]:
    """Pack the newest lines into at most `budget` sections; returns them oldest first and the count."""
    chunks: list[list[str]] = []
    size = shown = 0
    for line in reversed(lines):
        if not chunks or size + 1 + len(line) > SECTION_LIMIT:
            if len(chunks) == budget:
                break
            chunks.append([])
            size = -1
        chunks[-1].insert(0, line)
        size += 1 + len(line)
        shown += 1
    return ["\n".join(chunk) for chunk in reversed(chunks)], shown


def roles(incident: IncidentView) -> str:
    lines = [f"*Roles in {incident.ref}*"]
    for role in Role:
        holders = incident.holders(role)
        people = ", ".join(mention(h.user_id) + (f" ({escape(h.area)})" if h.area else "") for h in holders)
        lines.append(f"• *{TITLES[role]}*: {people or '_unassigned_'}")
    return "\n".join(lines)


def listing(incidents: Sequence[IncidentView], unchecked: Collection[int] = ()) -> list[Block]:
    """`unchecked`: private incidents whose channel the bot can no longer see (shown to the people
    they record, with a word about why the link may not work)."""
    if not incidents:
        return [section("No open incidents, and none ended in the last 7 days. 🎉")]
    lines = []
    for i in incidents:
        where = f"<#{i.channel_id}>" if i.channel_id else "_channel not set up_"
        if i.number in unchecked:
            where += " ⚠️ _I could not check this private channel: was I removed from it?_"
        lines.append(
            f"{i.level.emoji} *{i.ref}* {escape(i.title)} — {i.level.label}, "
            f"{EMOJI[i.status]} {i.status.value}, {where}"
        )
    chunks = _chunks(lines)
    blocks = [section("*Incidents* (open, then ended in the last 7 days)"), *map(section, chunks[: MAX_BLOCKS - 2])]
    if len(chunks) > MAX_BLOCKS - 2:
        blocks.append(context(f"Only the first {MAX_BLOCKS - 2} sections fit; the rest are older or less severe."))
    return blocks


def _chunks(lines: Sequence[str]) -> list[str]:
    chunks, current = [], ""
    for line in lines:
        if current and len(current) + len(line) + 1 > SECTION_LIMIT:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return [*chunks, current] if current else chunks
