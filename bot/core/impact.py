"""`/incident impact [<n>%] [<text>]`: what customers suffer, and what share of them. The share
is the impact fraction error budgets multiply the impact's duration by; the text is what the card
and the postmortem show."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.errors import InvalidInput
from bot.core.text import bounded, clean

_LEADING_SHARE = re.compile(r"([-+−]?\d+(?:[.,]\d+)?)\s*%(?=\s|$)")
USAGE = "impact [<share>%] <text>, e.g. `/incident impact 25% EU customers cannot pay`"


@dataclass(frozen=True)
class Impact:
    text: str | None  # None: only the share was given, the text stays as it was
    fraction: float | None  # None: no share given, the fraction stays as it was


def parse(raw: str) -> Impact:
    """A leading percentage sets the share hurt and stays part of the text when words follow it
    ("25% of checkouts fail" reads as written); a percentage alone changes only the share."""
    typed = clean(raw)
    match = _LEADING_SHARE.match(typed)
    if match is None:
        return Impact(bounded(typed, "The impact"), None)
    fraction = _fraction(match.group(1))
    rest = typed[match.end() :].strip()
    return Impact(bounded(typed, "The impact") if rest else None, fraction)


def _fraction(number: str) -> float:
    share = float(number.replace(",", ".").replace("−", "-"))
    if not 0 < share <= 100:
        raise InvalidInput(
            f"The share of users hurt must be above 0% and at most 100%, not {number}%: `/incident {USAGE}`."
        )
    return share / 100


def percent(fraction: float) -> str:
    """25% · 12.5% · 33.33%: as people write shares."""
    return f"{fraction * 100:.4g}%"
