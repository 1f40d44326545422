"""Members of Slack user groups, cached briefly: one click should not cost a Web API call, yet
someone removed from the group loses what it allowed within a minute."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient

GROUP_TTL_SECONDS = 60.0


class GroupMembers:
    """Members of each user group, each list kept for GROUP_TTL_SECONDS."""

    def __init__(self, ttl: float = GROUP_TTL_SECONDS, now: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.now = ttl, now
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[float, frozenset[str]]] = {}

    def of(self, client: WebClient, subteam: str) -> frozenset[str]:
        with self._lock:
            fetched_at, members = self._seen.get(subteam, (float("-inf"), frozenset()))
        if self.now() - fetched_at < self.ttl:
            return members
        members = frozenset(client.usergroups_users_list(usergroup=subteam)["users"])
        with self._lock:
            self._seen[subteam] = (self.now(), members)
        return members
