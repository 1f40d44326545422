"""What the dashboard asks Slack about its reader, cached briefly: the private channels they are in
(one `users.conversations` per reader a minute, not one call per private incident per page), and
the workspace's address for links back into Slack. A failure is remembered for a short while too,
so a Slack outage costs one timeout now and then, not one per page."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError

from bot.slack.failures import classify
from bot.slack.gateway import SlackGateway

log = logging.getLogger(__name__)
MEMBERSHIP_TTL_SECONDS = 60.0
FAILURE_TTL_SECONDS = 10.0


class SlackDirectory:
    def __init__(
        self, gateway: SlackGateway, ttl: float = MEMBERSHIP_TTL_SECONDS, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.gateway, self.ttl, self.now = gateway, ttl, now
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[float, frozenset[str] | None]] = {}

    def private_channels(self, user_id: str) -> frozenset[str] | None:
        """The private channels `user_id` shares with the bot; None when Slack could not say."""
        with self._lock:
            expires, channels = self._seen.get(user_id, (float("-inf"), None))
        if self.now() < expires:
            return channels
        channels = self._ask(user_id)
        ttl = self.ttl if channels is not None else FAILURE_TTL_SECONDS
        with self._lock:
            self._seen[user_id] = (self.now() + ttl, channels)
        return channels

    def _ask(self, user_id: str) -> frozenset[str] | None:
        try:
            pages = self.gateway.client.users_conversations(user=user_id, types="private_channel", limit=1000)
            return frozenset(channel["id"] for page in pages for channel in page["channels"])
        except (SlackApiError, OSError) as error:
            log.warning("cannot ask Slack which private channels %s is in: %s", user_id, classify(error).reason)
            return None

    def workspace_url(self) -> str | None:
        """`https://<workspace>.slack.com/` from auth.test, once Slack has answered it."""
        identity = self.gateway.identity
        return str(identity["url"]) if identity and identity.get("url") else None
