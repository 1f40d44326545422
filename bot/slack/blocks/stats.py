"""The `/incident stats` answer: one ephemeral message for the weekly review. Private incidents
count in every figure but are named only to the people `shown` lets see them."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from bot.core.severity import SeverityLevel
from bot.core.stats import KeyTimeFigure, Named, Rate, Repeat, Stats
from bot.rendering import format_duration
from bot.slack.blocks.kit import SECTION_LIMIT, Block, as_many_as_fit, context, section
from bot.slack.mrkdwn import escape


def stats(figures: Stats, levels: Mapping[str, SeverityLevel], shown: Collection[int]) -> list[Block]:
    """`shown`: numbers of the private incidents this person may see named."""
    title = (
        f"*Incidents declared in the last {figures.period.days} days* "
        f"({figures.start:%Y-%m-%d} → {figures.end:%Y-%m-%d} UTC, cancelled ones left out)"
    )
    if not figures.total:
        return [section(f"{title}\nNone. 🎉")]
    return [section(f"{title}\n{_severities(figures, levels)}"), section(_figures(figures)), *_repeats(figures, shown)]


def _severities(figures: Stats, levels: Mapping[str, SeverityLevel]) -> str:
    counts = [f"{_level(levels, key)}: {count}" for key, count in figures.by_severity.items()]
    return f"*{figures.total}* in all · " + " · ".join(counts)


def _level(levels: Mapping[str, SeverityLevel], key: str) -> str:
    level = levels.get(key)
    return f"{level.emoji} {level.label}" if level else escape(key)


def _figures(figures: Stats) -> str:
    in_time = figures.acknowledged_in_time
    target = f" · {in_time.done} of {in_time.of} within their severity's target" if in_time.of else ""
    return "\n".join(
        [
            f"*Time to acknowledge (MTTA)*: {_key_time(figures.acknowledge)}{target}",
            f"*Time to resolve (MTTR)*: {_key_time(figures.resolve)}",
            f"*Postmortems done*: {_rate(figures.postmortems, 'resolved or closed incidents')}",
            f"*Action items done*: {_rate(figures.action_items, 'action items')}",
        ]
    )


def _key_time(figure: KeyTimeFigure) -> str:
    if figure.mean is None:
        return f"not recorded for any of the {figure.total}"
    mean, median = format_duration(figure.mean), format_duration(figure.median)
    return f"{mean} (median {median}) over {figure.measured} of {figure.total}"


def _rate(rate: Rate, of_what: str) -> str:
    if rate.share is None:
        return f"no {of_what} yet"
    return f"{rate.done} of {rate.of} {of_what} ({round(rate.share * 100)} %)"


def _repeats(figures: Stats, shown: Collection[int]) -> list[Block]:
    heading = "*Repeats* (the same service or alert group within 90 days)"
    lines = [line for repeat in figures.repeats if (line := _repeat(repeat, shown))]
    if not figures.repeats:
        return [section(f"{heading}: none. 🎉")]
    blocks = [section(as_many_as_fit([heading, *lines], SECTION_LIMIT, lambda n: f"…and {n} more repeats."))]
    if hidden := len(figures.repeats) - len(lines):
        blocks.append(context(f"{hidden} more repeats involve only private incidents you are not in."))
    return blocks


def _repeat(repeat: Repeat, shown: Collection[int]) -> str | None:
    """One line naming what this person may see; None when they may see none of its incidents."""
    named = [i.ref for i in repeat.incidents if _may_see(i, shown)]
    if not named:
        return None
    hidden = len(repeat.incidents) - len(named)
    private = f" and {hidden} private incident{'s' if hidden > 1 else ''}" if hidden else ""
    return f"• {repeat.kind} *{escape(repeat.label)}*: {', '.join(named)}{private}"


def _may_see(incident: Named, shown: Collection[int]) -> bool:
    return not incident.private or incident.number in shown
