"""`/` until the dashboard's pages land (bot/web/dashboard): proof that sign-in works."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from bot.web.auth import signed_in, viewer

blueprint = Blueprint("placeholder", __name__)


@blueprint.get("/")
@signed_in
def home() -> ResponseReturnValue:
    return render_template("placeholder.html", viewer=viewer())
