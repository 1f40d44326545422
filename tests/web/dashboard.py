"""Reading the dashboard over real HTTP from a running bot, as a Slack user signed in through the
fake Slack's OpenID pages, and seeding incidents through the core the way a declare does."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from bot.core import incidents
from bot.core.incidents import DeclareRequest
from bot.runtime import Runtime
from tests.support.harness import ALICE, Harness
from tests.support.signin import Visitor

_signed_in: weakref.WeakKeyDictionary[Runtime, dict[str, Visitor]] = weakref.WeakKeyDictionary()


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    body: str


def visitor(bot: Harness, user: str | None) -> Visitor:
    """`user`'s browser, signed in once per bot and kept (its cookie and CSRF token); None: signed out."""
    if user is None:
        return Visitor(bot)
    browsers = _signed_in.setdefault(bot.runtime, {})
    if user not in browsers:
        bot.fake.openid.sign_in_as(user)
        browsers[user] = Visitor(bot)
        assert "Signed in as" in browsers[user].get("/").text
    return browsers[user]


def get(
    bot: Harness, path: str, user: str | None = ALICE, method: str = "GET", form: dict[str, str] | None = None
) -> Page:
    """The page as `user` sees it, redirects not followed; a POST carries the form as given."""
    browser = visitor(bot, user)
    page = browser.peek(path) if method == "GET" else browser.post(path, form or {}, follow=False)
    return Page(page.status, dict(page.headers), page.text)


def declare(bot: Harness, title: str, user: str = ALICE, **fields: object) -> int:
    request = DeclareRequest(title=title, declared_by=user, **fields)  # type: ignore[arg-type]
    return bot.runtime.desk.run(incidents.declare, request).incident.number
