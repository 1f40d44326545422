"""`signed_in`: the decorator that makes a view signed-in-only. Signed out, the browser goes to
Slack's authorize page and comes back to the page it first asked for; with the dashboard off, the
view is replaced by a page that says how to turn it on."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import render_template, request
from flask.typing import ResponseReturnValue

from bot.settings import SIGN_IN_SETTINGS
from bot.web.auth import flow
from bot.web.auth.viewer import current
from bot.web.context import web_context

P = ParamSpec("P")
R = TypeVar("R", bound=ResponseReturnValue)


def signed_in(view: Callable[P, R]) -> Callable[P, ResponseReturnValue]:
    """Run `view` for a signed-in member of the bot's workspace (it reads them with `viewer()`)."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        if not web_context().settings.sign_in:
            return dashboard_off()
        if current() is None:
            return flow.to_slack(request.full_path if request.query_string else request.path)
        return view(*args, **kwargs)

    return guarded


def dashboard_off() -> ResponseReturnValue:
    return render_template("auth/off.html", settings=SIGN_IN_SETTINGS), 503
