"""The web app on the bot's own listener: it serves its stylesheet and script, every page carries
the headers that keep it from loading or being framed by anything else, and the bot's machine
routes keep their JSON answers."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest

from bot.web import times
from tests.support.harness import Harness


def _get(bot: Harness, path: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{bot.runtime.port}{path}", timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def test_the_stylesheet_and_the_script_are_served_by_the_bot(bot: Harness) -> None:
    status, headers, body = _get(bot, "/static/style.css")
    assert (status, headers["Content-Type"].split(";")[0]) == (200, "text/css")
    assert b"@media" in body
    status, headers, _ = _get(bot, "/static/local-time.js")
    assert status == 200 and "javascript" in headers["Content-Type"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


def test_an_unknown_path_is_the_web_app_s_404_and_machine_routes_keep_json(bot: Harness) -> None:
    status, headers, _ = _get(bot, "/no-such-page")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    status, headers, body = _get(bot, "/alerts/alertmanager")  # GET on a POST route
    assert status == 405 and json.loads(body) == {"ok": False, "error": "method_not_allowed"}


@pytest.mark.parametrize(
    ("at", "shown", "iso"),
    [
        (datetime(2026, 12, 6, 9, 41, 5), "2026-12-06 09:41 UTC", "2026-12-06T09:41:05Z"),
        (datetime(2026, 12, 6, 10, 41, tzinfo=UTC).astimezone(), "2026-12-06 10:41 UTC", "2026-12-06T10:41:00Z"),
        (None, "", ""),
    ],
)
def test_times_are_utc_whether_stored_naive_or_aware(at: datetime | None, shown: str, iso: str) -> None:
    assert (times.utc(at), times.iso(at)) == (shown, iso)
