"""The Flask app: configuration, the headers every page carries, the time filters the templates
share, and the blueprints. Flask is built on the werkzeug the listener already uses and renders
with the Jinja the bot already has (docs/DECISIONS.md, "The web side")."""

from __future__ import annotations

from flask import Flask, Response

from bot.web import status, times
from bot.web.auth import setup as auth
from bot.web.context import EXTENSION, WebContext
from bot.web.dashboard import blueprint

# Pages load nothing from elsewhere, run no inline script, and are never framed.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(ctx: WebContext) -> Flask:
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.extensions[EXTENSION] = ctx
    app.jinja_env.filters.update(utc=times.utc, iso=times.iso)
    app.after_request(_secure)
    auth.install(app, ctx.settings)
    app.register_blueprint(blueprint())
    app.register_blueprint(status.blueprint)
    return app


def _secure(response: Response) -> Response:
    response.headers.update({name: value for name, value in SECURITY_HEADERS.items() if name not in response.headers})
    return response
