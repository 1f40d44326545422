"""Who is looking at a page: the person Slack said signed in, kept in the signed session cookie
until the sign-in's own expiry (read against the bot's clock, so tests can travel past it)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from flask import g, session

from bot.web.context import web_context

VIEWER = "viewer"
UNTIL = "until"


@dataclass(frozen=True)
class Viewer:
    user_id: str
    team_id: str
    name: str


def current() -> Viewer | None:
    """The signed-in viewer, or None: signed out, expired, or a cookie that does not read as ours
    (Flask already drops a tampered one)."""
    if "viewer" not in g:
        g.viewer = _from_session()
    return g.viewer


def viewer() -> Viewer:
    """The viewer of a `signed_in` view."""
    who = current()
    if who is None:
        raise RuntimeError("viewer() outside a signed_in view")
    return who


def remember(who: Viewer) -> None:
    """Start a session for `who`: a fresh cookie, so nothing from before sign-in carries over."""
    ctx = web_context()
    session.clear()
    session.permanent = True
    session[VIEWER] = asdict(who)
    session[UNTIL] = (ctx.now() + timedelta(seconds=ctx.settings.session_lifetime_seconds)).isoformat()
    g.viewer = who


def forget() -> None:
    session.clear()
    g.viewer = None


def _from_session() -> Viewer | None:
    raw, until = session.get(VIEWER), session.get(UNTIL)
    if not isinstance(raw, dict) or not isinstance(until, str):
        return None
    try:
        who, expiry = Viewer(**raw), datetime.fromisoformat(until)
    except (TypeError, ValueError):
        return None
    return who if web_context().now() < expiry else None
