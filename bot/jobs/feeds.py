"""Refreshing the on-call feeds, from the ticker's scheduler: claim the due refreshes (one replica
each), fetch each outside any transaction with a conditional GET, then settle what came back
(bot/core/feeds/copies.py). Afterwards the user groups follow any handoff (bot/core/oncall_groups.py)."""

from __future__ import annotations

import http.client
import os
import urllib.error
import urllib.request
from email.utils import formatdate

from bot.core import oncall_groups
from bot.core.desk import Desk
from bot.core.feeds.copies import Claim, Fetched, claim_due, settle

MAX_BYTES = 10 * 1024 * 1024  # a schedule export is kilobytes; more is not a calendar we want
TIMEOUT_CAP = 30.0  # seconds; shorter when the refresh is (a test refreshing every 2s waits 1s)
USER_AGENT = "incident-bot on-call feed reader"


class FeedRefresher:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def pass_(self) -> int:
        """One pass: every due feed refreshed, then user groups brought in step; returns refreshes done."""
        if not any(schedule.feed or schedule.usergroup for schedule in self.desk.policy.oncall.values()):
            return 0
        claims = self.desk.run(claim_due)
        for claim in claims:
            self.desk.run(settle, claim, fetch(claim))
        self.desk.run(oncall_groups.follow_handoffs)
        return len(claims)


def fetch(claim: Claim) -> Fetched:
    return _read_file(claim) if claim.feed.path else _get(claim)


def _get(claim: Claim) -> Fetched:
    assert claim.feed.url is not None
    request = urllib.request.Request(claim.feed.url, headers=_conditions(claim))
    timeout = min(TIMEOUT_CAP, claim.feed.refresh.total_seconds() / 2)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
            etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(unchanged=True)
        return Fetched(problem=f"the feed answered HTTP {error.code}")
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:  # refused, timed out…
        reason = getattr(error, "reason", None) or error
        return Fetched(problem=f"the feed could not be read ({reason})")
    if len(body) > MAX_BYTES:
        return Fetched(problem="the feed is larger than 10 MB")
    return Fetched(body, etag, modified)


def _conditions(claim: Claim) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    if claim.etag:
        headers["If-None-Match"] = claim.etag
    if claim.last_modified:
        headers["If-Modified-Since"] = claim.last_modified
    return headers


def _read_file(claim: Claim) -> Fetched:
    """A file's modification time stands in for Last-Modified: an unchanged file is not read again."""
    assert claim.feed.path is not None
    try:
        info = os.stat(claim.feed.path)
        modified = f"{formatdate(info.st_mtime, usegmt=True)} {info.st_size}"
        if modified == claim.last_modified:
            return Fetched(unchanged=True)
        with open(claim.feed.path, "rb") as file:
            body = file.read(MAX_BYTES + 1)
    except OSError as error:
        return Fetched(problem=f"the file could not be read ({error.strerror or error})")
    if len(body) > MAX_BYTES:
        return Fetched(problem="the file is larger than 10 MB")
    return Fetched(body, None, modified)
