"""The public status page: `/status`, `/status.json` and `/status/feed.atom`, without sign-in.
What they show comes from bot/core/statuspage; each answer is cached for TTL (cache.py), so
readers do not reach the database on every request and a change shows within TTL everywhere."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

from flask import Blueprint, Response, current_app, g, render_template
from flask.blueprints import BlueprintSetupState

from bot.core import statuspage
from bot.core.statuspage import StatusPage
from bot.web.context import web_context
from bot.web.status.cache import Cache
from bot.web.status.document import document
from bot.web.status.feed import entries, feed_id

TTL = timedelta(seconds=5)
CACHE = "status_cache"
blueprint = Blueprint("status", __name__)
# The stylesheet's colour for each state (bot/web/static/style.css)
STATE_CLASS = {"operational": "ok", "degraded_performance": "sev3", "partial_outage": "sev2", "major_outage": "sev1"}


@blueprint.record_once
def _cache(state: BlueprintSetupState) -> None:
    state.app.extensions[CACHE] = Cache(TTL)


@blueprint.context_processor
def _context() -> dict[str, object]:
    """The page renders as nobody's: one cached copy is every reader's, so it must never carry a
    signed-in viewer's name or form token (base.html shows them when `current_viewer()` is set)."""
    return {"state_class": STATE_CLASS, "current_viewer": lambda: None}


@blueprint.before_request
def _shared() -> None:
    """These answers are public and shared (`Cache-Control: public`): no session cookie rides on
    them (bot/web/auth/setup.py)."""
    g.shared_answer = True


@blueprint.get("/status")
def page() -> Response:
    return _answer("html", "text/html; charset=utf-8", lambda p: render_template("status/page.html", page=p))


@blueprint.get("/status.json")
def data() -> Response:
    return _answer("json", "application/json", lambda p: json.dumps(document(p), ensure_ascii=False))


@blueprint.get("/status/feed.atom")
def feed() -> Response:
    return _answer("atom", "application/atom+xml; charset=utf-8", _feed)


def _feed(page: StatusPage) -> str:
    site = _site()
    found = entries(page)
    updated = found[0].updated if found else page.at
    return render_template("status/feed.xml", site=site, id=feed_id(site), entries=found, updated=updated)


def _site() -> str:
    """PUBLIC_URL for absolute links; "" (links relative to the feed) while it is unset. Never the
    request's Host: the answer is cached and shared, so a forged one would reach every reader."""
    return web_context().settings.public_url or ""


def _answer(kind: str, content_type: str, render: Callable[[StatusPage], str]) -> Response:
    desk, cache = web_context().desk, current_app.extensions[CACHE]
    body = cache.get(kind, desk.clock.now(), lambda: render(desk.read(statuspage.read)).encode())
    response = Response(body, content_type=content_type)
    response.headers["Cache-Control"] = f"public, max-age={int(TTL.total_seconds())}"
    return response
