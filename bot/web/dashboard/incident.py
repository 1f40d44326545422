"""`/incidents/<n>`: an incident's facts, roles and their history, the newest timeline entries, the
updates and the action items; and `/incidents/<n>/timeline`, the whole timeline 500 entries a page,
so a timeline of any length is all there without one page growing with it."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request

from bot.core import timeline as timelines
from bot.core.dashboard.dossier import dossier
from bot.core.roles import TITLES, Role
from bot.web.context import web_context
from bot.web.dashboard import slack_links
from bot.web.dashboard.visibility import shown

TIMELINE_PAGE = 500


def page(number: int) -> str:
    incident = shown(number)
    found = web_context().desk.read(dossier, incident.number)
    return _render("dashboard/incident.html", incident, found=found)


def timeline(number: int) -> str:
    incident = shown(number)
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        abort(404)
    entries, total = web_context().desk.read(timelines.window, number, (int(raw) - 1) * TIMELINE_PAGE, TIMELINE_PAGE)
    pages = max(1, -(-total // TIMELINE_PAGE))
    if int(raw) > pages:
        abort(404)
    return _render("dashboard/timeline.html", incident, events=entries, total=total, at_page=int(raw), pages=pages)


def _render(template: str, incident: Any, **shown: Any) -> str:
    return render_template(
        template,
        incident=incident,
        channel_url=slack_links.channel_url(incident),
        entry_url=slack_links.entry_url,
        sentence=slack_links.sentence,
        role_titles={r.value: TITLES[r] for r in Role},
        **shown,
    )
