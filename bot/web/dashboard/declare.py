"""`/declare`: the dashboard's one form. It declares from the database alone, as `incident-bot
declare` does: the incident has its number at once, the signed-in person is its declarer and
commander, the timeline says it came from the web, and the outbox creates the channel, card and
announcement when Slack answers. A hidden key makes a form sent twice (a double click, a reload
after a slow answer) declare once."""

from __future__ import annotations

import re
import uuid

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from bot.core import incidents
from bot.core.errors import InvalidInput
from bot.core.incidents import DeclareRequest
from bot.core.permissions import CouldNotCheck, Forbidden
from bot.core.service_names import parse_names
from bot.web.context import web_context
from bot.web.dashboard.reader import reader_id

SOURCE = "web"


def form() -> str:
    return _render({"key": uuid.uuid4().hex})


def submit() -> Response | tuple[str, int]:
    user_id = reader_id()
    fields = request.form
    try:
        web_context().permit("declare", user_id)  # `[permissions] declare`, as for /incident declare
        outcome = web_context().desk.run(incidents.declare, _request(fields, user_id))
    except InvalidInput as error:
        return _render(fields, error=str(error)), 400
    except (Forbidden, CouldNotCheck) as error:
        return _render(fields, error=_readable(str(error))), 403
    return redirect(url_for("dashboard.incident", number=outcome.incident.number), 303)


def _request(fields: dict[str, str], user_id: str) -> DeclareRequest:
    key = fields.get("key", "")
    if not (len(key) == 32 and key.isalnum()):
        raise InvalidInput("The form is missing its key; reload the page and send it again.")
    return DeclareRequest(
        title=fields.get("title", ""),
        declared_by=user_id,
        severity=fields.get("severity", "") or web_context().desk.policy.default_severity,
        private=fields.get("private") == "on",
        summary=fields.get("summary") or None,
        commander=user_id,
        request_key=f"web:{key}",
        source=SOURCE,
        services=tuple(parse_names(fields.get("services", ""))),
    )


def _render(fields: dict[str, str], error: str | None = None) -> str:
    policy = web_context().desk.policy
    return render_template(
        "dashboard/declare.html", fields=fields, error=error, levels=policy.severities, default=policy.default_severity
    )


def _readable(refusal: str) -> str:
    """The core's refusals are written for Slack; a user-group mention reads as the group's ID here."""
    return re.sub(r"<!subteam\^(\w+)(?:\|[^>]*)?>", r"the user group \1", refusal)
