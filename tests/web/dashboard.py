"""Reading the dashboard over real HTTP from a running bot, as a given Slack user, and seeding
incidents through the core the way a declare does."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from flask import g, request

from bot.core import incidents
from bot.core.incidents import DeclareRequest
from tests.support.harness import ALICE, Harness

VIEWER_HEADER = "X-Test-Viewer"


def sign_in_by_header(bot: Harness) -> None:
    """The stand-in for Sign in with Slack until it is merged: the test names the reader in a header."""

    def stand_in() -> None:
        g.viewer_id = request.headers.get(VIEWER_HEADER)

    bot.runtime.web.before_request(stand_in)


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    body: str


def get(
    bot: Harness, path: str, user: str | None = ALICE, method: str = "GET", form: dict[str, str] | None = None
) -> Page:
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{bot.runtime.port}{path}", data=data, method=method)
    if user:
        request.add_header(VIEWER_HEADER, user)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return Page(response.status, dict(response.headers), response.read().decode())
    except urllib.error.HTTPError as error:
        with error:
            return Page(error.code, dict(error.headers), error.read().decode())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def declare(bot: Harness, title: str, user: str = ALICE, **fields: object) -> int:
    request = DeclareRequest(title=title, declared_by=user, **fields)  # type: ignore[arg-type]
    return bot.runtime.desk.run(incidents.declare, request).incident.number
