"""`/incident stats [30d|90d]`: the numbers for the weekly incident review, answered to whoever asks,
anywhere; a private incident is named only to members of its channel (bot/slack/access.py)."""

from __future__ import annotations

from bot.core.stats import Stats, parse_period, report
from bot.slack.access import Access, access
from bot.slack.blocks import stats as blocks
from bot.slack.command import Invocation, Subcommand, validates
from bot.slack.replies import Reply


def _stats(inv: Invocation, args: str) -> Reply:
    figures = inv.services.desk.read(report, parse_period(args))
    return blocks.stats(figures, inv.services.desk.policy.severities, _shown(inv, figures))


def _shown(inv: Invocation, figures: Stats) -> set[int]:
    """Which private incidents the answer may name to this person: each one its lines could name is
    asked about once (a Slack call each, so only those, never every private incident counted)."""
    candidates = (i for repeat in blocks.shown_repeats(figures) for i in repeat.incidents)
    private = {i.number: i for i in candidates if i.private}
    return {n for n, i in private.items() if access(inv.services, inv.user_id, i) is not Access.HIDDEN}


SUBCOMMANDS = [
    Subcommand(
        "stats",
        "stats [30d|90d]",
        "incident numbers for the review: by severity, MTTA, MTTR, follow-through, repeats",
        _stats,
        check=validates(parse_period),
        needs_incident=False,
    ),
]
