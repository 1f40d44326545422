"""`/overview`: incidents per week by severity, and MTTA and MTTR over time, as SVG charts with the
numbers in a table. It counts the incidents the reader may see, so a private incident's numbers
never reach anyone outside its channel."""

from __future__ import annotations

from flask import render_template

from bot.core.dashboard import overview
from bot.rendering import format_duration
from bot.web.context import web_context
from bot.web.dashboard import charts
from bot.web.dashboard.visibility import seen


def page() -> str:
    reader = seen()
    weeks = web_context().desk.read(overview.weeks, reader.clause())
    return render_template(
        "dashboard/overview.html",
        weeks=weeks,
        counts=charts.counts(weeks),
        key_times=charts.key_times(weeks),
        size=(charts.WIDTH, charts.HEIGHT, charts.MARGIN),
        severities=list(weeks[0].counts),
        unknown=reader.channels is None,
        duration=format_duration,
    )
