"""`/incident oncall`: who is on call for each schedule now, and who takes over at the next handoff; for
a feed, how old its copy is, and what is wrong with it when the fallback would be paged."""

from __future__ import annotations

from datetime import datetime

from bot.core.feeds.duty import Duty
from bot.rendering import format_duration
from bot.slack.blocks.kit import Block, context, section
from bot.slack.mrkdwn import escape

NONE = "No on-call schedules are configured: add `[oncall.<name>]` tables to the policy file."


def answer(duties: list[Duty]) -> list[Block]:
    if not duties:
        return [section(NONE)]
    lines = [_line(duty) for duty in duties]
    return [section("*On call*\n" + "\n".join(lines)), context("Times are shown in your own time zone.")]


def _line(duty: Duty) -> str:
    schedule = duty.schedule
    if schedule.feed is None:
        how = f"{schedule.rotation}, {schedule.timezone}"
    else:
        how = "calendar feed" + (f", updated {format_duration(duty.age)} ago" if duty.age is not None else "")
    now = _person(duty.current.user) if duty.current else "nobody"
    following = f"; {_person(duty.following.user)} from {_when(duty.following.starts)}" if duty.following else ""
    line = f"• *{escape(schedule.name)}*: {now} now{following} ({how})"
    if duty.problem:
        fallback = ", ".join(_person(person) for person in schedule.feed.fallback) if schedule.feed else ""
        line += f"\n   ⚠️ the feed {escape(duty.problem)}: a page goes to the fallback too: {fallback}"
    return line


def _person(user: str) -> str:
    return escape(user) if "@" in user else f"<@{user}>"


def _when(moment: datetime) -> str:
    epoch = int(moment.timestamp())
    return f"<!date^{epoch}^{{date_short_pretty}} {{time}}|{moment:%Y-%m-%d %H:%M} UTC>"
