"""`/incident oncall`: who is on call for each schedule now, and who takes over at the next handoff."""

from __future__ import annotations

from datetime import datetime

from bot.core.policy import OncallSchedule, Policy
from bot.core.policy.oncall import next_shift, shift_at
from bot.slack.blocks.kit import Block, context, section
from bot.slack.mrkdwn import escape

NONE = "No on-call schedules are configured: add `[oncall.<name>]` tables to the policy file."


def answer(policy: Policy, now: datetime) -> list[Block]:
    if not policy.oncall:
        return [section(NONE)]
    lines = [_line(schedule, now) for schedule in policy.oncall.values()]
    return [section("*On call*\n" + "\n".join(lines)), context("Times are shown in your own time zone.")]


def _line(schedule: OncallSchedule, now: datetime) -> str:
    current = shift_at(schedule, now)
    following = next_shift(schedule, now)
    return (
        f"• *{escape(schedule.name)}*: {_person(current.user)} now; "
        f"{_person(following.user)} from {_when(current.ends)} ({schedule.rotation}, {schedule.timezone})"
    )


def _person(user: str) -> str:
    return escape(user) if "@" in user else f"<@{user}>"


def _when(moment: datetime) -> str:
    epoch = int(moment.timestamp())
    return f"<!date^{epoch}^{{date_short_pretty}} {{time}}|{moment:%Y-%m-%d %H:%M} UTC>"
