"""CSRF protection: a random token per session, in every form (`csrf_token()`), checked on every
POST before the view runs. The session cookie is also SameSite=Lax; the token is what holds when a
browser or a proxy does not honour that."""

from __future__ import annotations

import hmac
import secrets

from flask import render_template, request, session

CSRF = "csrf"
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def csrf_token() -> str:
    """The session's token (made on first use), for a hidden `csrf_token` field."""
    if CSRF not in session:
        session[CSRF] = secrets.token_urlsafe(32)
    return str(session[CSRF])


def check_csrf() -> tuple[str, int] | None:
    """Flask `before_request`: a POST without the session's token is refused before any view."""
    if request.method not in UNSAFE:
        return None
    expected = session.get(CSRF)
    sent = request.form.get(FIELD) or request.headers.get(HEADER) or ""
    if isinstance(expected, str) and hmac.compare_digest(sent.encode(), expected.encode()):
        return None
    return render_template("auth/refused.html", reason=_reason(expected, sent)), 400


def _reason(expected: object, sent: str) -> str:
    if not expected:
        problem = "This form was sent without a session (perhaps it expired, or cookies are off)."
    elif not sent:
        problem = "This form was sent without its security token."
    else:
        problem = "This form's security token does not match your session (another site's form, or an old page)."
    return f"{problem} Reload the page and try again."
