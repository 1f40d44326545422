"""The postmortem draft on the dashboard: rendered as HTML, and as the Markdown file to download.
The draft is the one `incident-bot postmortem` prints (the stored one while nothing newer happened).
Markdown is turned into HTML by markdown-it-py's CommonMark with raw HTML off: people's text in the
draft (titles, notes) can never become markup, and links keep only safe schemes."""

from __future__ import annotations

from flask import Response, render_template
from markdown_it import MarkdownIt
from markupsafe import Markup

from bot.web.context import web_context
from bot.web.dashboard.visibility import shown

MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


def page(number: int) -> str:
    incident = shown(number)
    draft = _draft(incident.number)
    return render_template("dashboard/postmortem.html", incident=incident, draft=Markup(MARKDOWN.render(draft)))


def download(number: int) -> Response:
    incident = shown(number)
    response = Response(_draft(incident.number), content_type="text/markdown; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{incident.ref}-postmortem.md"'
    return response


def _draft(number: int) -> str:
    ctx = web_context()
    return ctx.desk.read(ctx.postmortems.draft, number)
