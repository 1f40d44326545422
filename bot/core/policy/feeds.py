"""`[oncall.<name>]` read from an iCalendar feed (`ical = "https://…"` or `ical_file = "…"`), and the
`usergroup` any schedule may keep in step. A schedule is a rotation (users, handoff, rotation) or a feed,
never both; a feed needs `fallback` people, because a broken feed must never mean paging nobody."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import bot.core.policy.reader as r
from bot.core.policy.durations import Bounds
from bot.core.policy.quoting import shown
from bot.core.policy.reader import Table

ROTATION_KEYS = ("users", "handoff", "rotation")
REFRESH = Bounds(timedelta(seconds=1), timedelta(days=1))  # seconds for tests; a day at most
DEFAULT_REFRESH = timedelta(minutes=10)
STALE_AFTER = 3  # refreshes missed before the copy counts as stale
USERGROUP = re.compile(r"S[A-Z0-9]{2,}")


@dataclass(frozen=True)
class OncallFeed:
    url: str | None  # ical: http(s), webcal:// read as https://
    path: str | None  # ical_file, made absolute against the policy file's folder
    refresh: timedelta
    fallback: tuple[str, ...]
    zone: str | None  # `timezone`: all-day events and floating times; None: the calendar's own

    @property
    def source(self) -> str:
        return self.url or self.path or ""

    @property
    def stale_after(self) -> timedelta:
        return self.refresh * STALE_AFTER


def is_feed(t: Table) -> bool:
    return "ical" in t.data or "ical_file" in t.data


def usergroup(t: Table) -> str | None:
    return t.get("usergroup", _usergroup, None)


def feed(t: Table, person: Any) -> OncallFeed:
    """The feed keys of a schedule table; `person` checks each fallback entry (a user ID or e-mail)."""
    for key in ROTATION_KEYS:
        if key in t.data:
            raise t.fail(key, "can't be used with ical/ical_file: a schedule is a rotation or a feed, not both")
    if "ical" in t.data and "ical_file" in t.data:
        raise t.fail("ical_file", "can't be used with ical: name one feed")
    url = t.get("ical", _url, None)
    path = t.get("ical_file", lambda v: _path(v, t.source), None)
    fallback = t.require("fallback", lambda v: tuple(person(item) for item in r.texts(v)))
    if not fallback:
        raise t.fail("fallback", "is empty: name who is paged when the feed is broken or has nobody on call")
    refresh = t.get("refresh", REFRESH, DEFAULT_REFRESH)
    return OncallFeed(url, path, refresh, fallback, t.get("timezone", r.timezone, None))


def _url(value: Any) -> str:
    url = r.text(value)
    if url.lower().startswith("webcal://"):
        url = "https://" + url[9:]
    if not re.match(r"https?://[^\s/]+", url, re.IGNORECASE):
        raise ValueError(f"{shown(url)} is not an http(s) or webcal URL")
    return url


def _path(value: Any, source: str) -> str:
    path = os.path.join(os.path.dirname(os.path.abspath(source)), r.text(value))
    if not os.path.isfile(path):
        raise ValueError(f"{shown(value)} is not a file (looked for {path})")
    return path


def _usergroup(value: Any) -> str:
    group = r.text(value)
    if not USERGROUP.fullmatch(group):
        raise ValueError(f"{shown(group)} is not a user group ID (S…): copy it from the group's profile in Slack")
    return group


def feed_pairs(feed: OncallFeed, pairs: Any) -> list[str]:
    """The feed's keys for `check-policy`'s effective policy, written by describe's `pairs`."""
    where = {"ical": feed.url} if feed.url else {"ical_file": feed.path}
    return pairs(**where, refresh=feed.refresh, fallback=list(feed.fallback), timezone=feed.zone)
