"""Wiring sign-in into the Flask app: the session cookie's settings, the CSRF check on every POST,
the template globals forms and headers use, and the sign-in routes."""

from __future__ import annotations

from datetime import timedelta
from secrets import token_bytes

from flask import Flask, Response, g
from flask.sessions import SecureCookieSessionInterface, SessionMixin

from bot.settings import Settings
from bot.web.auth import routes
from bot.web.auth.csrf import check_csrf, csrf_token
from bot.web.auth.viewer import current


def install(app: Flask, settings: Settings) -> None:
    app.config.update(session_config(settings))
    app.session_interface = SessionCookies()
    app.before_request(check_csrf)
    app.add_template_global(csrf_token)
    app.add_template_global(current, "current_viewer")
    app.register_blueprint(routes.blueprint)


def session_config(settings: Settings) -> dict[str, object]:
    """Signed cookies that scripts cannot read, that other sites' forms do not carry, that only
    travel over HTTPS when the bot is served over HTTPS, and that expire. With the dashboard off a
    random key still signs the CSRF token of any form (there are none that matter then)."""
    return {
        "SECRET_KEY": settings.session_secret or token_bytes(32),
        "SESSION_COOKIE_NAME": "incident_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": (settings.public_url or "").startswith("https://"),
        "PERMANENT_SESSION_LIFETIME": timedelta(seconds=settings.session_lifetime_seconds),
    }


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except on answers every reader shares (a view sets
    `g.shared_answer`, as the status page does): Flask refreshes a signed-in reader's cookie on every
    answer, and a proxy caching a shared answer would hand that cookie to the next reader."""

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not g.get("shared_answer"):
            super().save_session(app, session, response)
