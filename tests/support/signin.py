"""A bot with Sign in with Slack turned on against the fake's OpenID provider, and a visitor: a
plain HTTP client with a cookie jar, for what a browser would do without rendering anything."""

from __future__ import annotations

import http.cookiejar
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from bot.core.clock import Clock
from tests.fakeslack import FakeSlack
from tests.support.harness import Harness, start_harness

CLIENT_ID, CLIENT_SECRET = "111.222", "client-secret-for-tests"
SESSION_SECRET = "session-secret-for-tests-0123456789abcdef"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_sign_in_bot(fake: FakeSlack, database_url: str, clock: Clock | None = None, **overrides: Any) -> Harness:
    """PUBLIC_URL must be known before the bot starts (it is the OpenID redirect), so the port is
    chosen first; the fake's app accepts redirects under it, as a manifest's redirect URL would."""
    port = free_port()
    public_url = f"http://127.0.0.1:{port}"
    fake.openid.register(CLIENT_ID, CLIENT_SECRET, f"{public_url}/")
    settings = {"slack_client_id": CLIENT_ID, "slack_client_secret": CLIENT_SECRET, "session_secret": SESSION_SECRET}
    return start_harness(fake, database_url, clock, port=port, public_url=public_url, **settings | overrides)


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass(frozen=True)
class Page:
    status: int
    url: str
    location: str
    headers: Any
    text: str


class Visitor:
    """Follows redirects (`get`) or not (`peek`), keeps cookies like a browser would."""

    def __init__(self, bot: Harness) -> None:
        self.base = f"http://127.0.0.1:{bot.runtime.port}"
        self.jar = http.cookiejar.CookieJar()
        cookies = urllib.request.HTTPCookieProcessor(self.jar)
        self._follow = urllib.request.build_opener(cookies)
        self._stay = urllib.request.build_opener(cookies, _Stay)

    def get(self, path: str) -> Page:
        return self._open(self._follow, self._url(path))

    def peek(self, path: str) -> Page:
        return self._open(self._stay, self._url(path))

    def post(self, path: str, form: dict[str, str], follow: bool = True) -> Page:
        request = urllib.request.Request(self._url(path), data=urlencode(form).encode())
        return self._open(self._follow if follow else self._stay, request)

    def csrf(self, page: Page) -> str:
        found = TOKEN.search(page.text)
        assert found, page.text
        return found.group(1)

    def cookie(self, name: str) -> http.cookiejar.Cookie:
        return next(c for c in self.jar if c.name == name)

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else self.base + path

    def _open(self, opener: urllib.request.OpenerDirector, request: Any) -> Page:
        try:
            with opener.open(request, timeout=10) as answer:
                return _page(answer.status, answer)
        except urllib.error.HTTPError as error:
            with error:
                return _page(error.code, error)


def _page(status: int, answer: Any) -> Page:
    text = answer.read().decode("utf-8", "replace")
    return Page(status, answer.url, answer.headers.get("Location", ""), answer.headers, text)
