"""Incident statistics for reviews: counts by severity, MTTA and MTTR, follow-through rates and
repeats, computed in SQL over a period (bot/core/stats/report.py)."""

from bot.core.stats.figures import KeyTimeFigure, Rate
from bot.core.stats.period import Period, parse_period
from bot.core.stats.repeats import ALERT_GROUP, SERVICE, Named, Repeat
from bot.core.stats.report import Stats, report

__all__ = [
    "ALERT_GROUP",
    "SERVICE",
    "KeyTimeFigure",
    "Named",
    "Period",
    "Rate",
    "Repeat",
    "Stats",
    "parse_period",
    "report",
]
