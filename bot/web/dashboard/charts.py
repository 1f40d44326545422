"""The overview's charts as plain geometry (the template draws the SVG): incidents per week stacked
by severity, and MTTA and MTTR per week as lines. Drawn on the server, so they need no script and
no chart library; the numbers are in a table beside them for anyone who cannot see the picture."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.core.dashboard.overview import Week

WIDTH, HEIGHT, MARGIN = 600, 200, 30  # the SVG's user units; CSS scales it to the page


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    severity: str
    count: int


@dataclass(frozen=True)
class Line:
    name: str  # "mtta" or "mttr": the CSS class that colours it
    points: list[tuple[float, float]]  # weeks without a figure are left out


@dataclass(frozen=True)
class Chart:
    top: float  # the value at the top of the plot, for the axis label
    rects: list[Rect]
    lines: list[Line]
    labels: list[tuple[float, str]]  # x, week start


def _x(index: int, count: int) -> float:
    return MARGIN + index * (WIDTH - MARGIN) / count


def _scaled(value: float, top: float) -> float:
    return (HEIGHT - MARGIN) * value / top if top else 0.0


def _labels(weeks: list[Week]) -> list[tuple[float, str]]:
    return [(_x(i, len(weeks)), week.start.strftime("%m-%d")) for i, week in enumerate(weeks)]


def counts(weeks: list[Week]) -> Chart:
    top = max([week.total for week in weeks] + [1])
    width = (WIDTH - MARGIN) / len(weeks) * 0.7
    rects: list[Rect] = []
    for i, week in enumerate(weeks):
        base = HEIGHT - MARGIN
        for severity, count in week.counts.items():
            height = _scaled(count, top)
            base -= height
            rects += [Rect(_x(i, len(weeks)), base, width, height, severity, count)] if count else []
    return Chart(top, rects, [], _labels(weeks))


def key_times(weeks: list[Week]) -> Chart:
    """MTTA and MTTR in minutes."""
    series = {"mtta": [w.mtta for w in weeks], "mttr": [w.mttr for w in weeks]}
    top = max([_minutes(v) for values in series.values() for v in values if v is not None] + [1.0])
    centre = (WIDTH - MARGIN) / len(weeks) * 0.35
    lines = [
        Line(name, [(_x(i, len(weeks)) + centre, HEIGHT - MARGIN - _scaled(_minutes(v), top)) for i, v in found])
        for name, values in series.items()
        if (found := [(i, v) for i, v in enumerate(values) if v is not None])
    ]
    return Chart(top, [], lines, _labels(weeks))


def _minutes(span: timedelta) -> float:
    return span.total_seconds() / 60
