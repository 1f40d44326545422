"""`/`: the incident list, open ones first, with its filters and search."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for

from bot.core.dashboard import listing
from bot.core.errors import InvalidInput
from bot.web.context import web_context
from bot.web.dashboard import filters
from bot.web.dashboard.visibility import seen


def page() -> tuple[str, int]:
    severities = tuple(web_context().desk.policy.severities)
    try:
        chosen = filters.parse(request.args, severities)
    except InvalidInput as error:
        return _render(error=str(error), severities=severities), 400
    reader = seen()
    found = web_context().desk.read(listing.incidents, chosen, reader)
    return _render(page=found, severities=severities, unknown=reader.channels is None), 200


def _render(**shown: Any) -> str:
    return render_template(
        "dashboard/list.html", args=request.args, statuses=filters.STATUSES, page_url=_page_url, **shown
    )


def _page_url(number: int) -> str:
    """This list with the same filters, at page `number`."""
    return url_for("dashboard.incidents", **(request.args.to_dict() | {"page": str(number)}))
