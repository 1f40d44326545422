"""The `/incident stats` answer: one ephemeral message for the weekly review. Private incidents
count in every figure but are named only to the people `shown` lets see them."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from bot.core.severity import SeverityLevel
from bot.core.stats import KeyTimeFigure, Named, Rate, Repeat, Stats
from bot.rendering import format_duration
from bot.slack.blocks.kit import SECTION_LIMIT, Block, as_many_as_fit, context, section
from bot.slack.mrkdwn import escape

MAX_REPEATS = 10


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


def shown_repeats(figures: Stats) -> list[Repeat]:
    """The repeats the answer lists: the largest first, as many as a review reads. Only their private
    incidents need the Slack call that decides whether this person may see them named."""
    return figures.repeats[:MAX_REPEATS]


def _repeats(figures: Stats, shown: Collection[int]) -> list[Block]:
    heading = "*Repeats* (the same service or alert group within 90 days)"
    if not figures.repeats:
        return [section(f"{heading}: none. 🎉")]
    top = shown_repeats(figures)
    lines = [line for repeat in top if (line := _repeat(repeat, shown))]
    blocks = [section(as_many_as_fit([heading, *lines], SECTION_LIMIT, lambda n: f"…and {n} more repeats."))]
    notes = []
    if hidden := len(top) - len(lines):
        notes.append(f"{hidden} more repeats involve only private incidents you are not in.")
    if smaller := len(figures.repeats) - len(top):
        notes.append(f"{smaller} smaller repeats are not listed; `incident-bot export` has every incident's services.")
    return [*blocks, *([context(" ".join(notes))] if notes else [])]


def _repeat(repeat: Repeat, shown: Collection[int]) -> str | None:
    """One line naming what this person may see; None when it would name nothing at all."""
    named = [i.ref for i in repeat.incidents if _may_see(i, shown)]
    hidden, earlier = len(repeat.incidents) - len(named), repeat.size - len(repeat.incidents)
    if not named and not earlier:
        return None
    private = f"{hidden} private incident{'s' if hidden > 1 else ''}" if hidden else ""
    text = f"{', '.join(named)} and {private}" if named and private else ", ".join(named) or private
    before = f" (and {earlier} before them)" if earlier else ""
    return f"• {repeat.kind} *{escape(repeat.label)}*: {text}{before}"


def _may_see(incident: Named, shown: Collection[int]) -> bool:
    return not incident.private or incident.number in shown
