"""The one way to Slack's Web API: base URL, token, timeouts and rate-limit retries in one place.

Two clients share the settings. `client` serves people waiting for an answer: it retries a 429
itself, but only a short one (the call did not happen, and a person is waiting). `outbox_client`
serves the outbox handlers, paces chat.postMessage per channel (bot/slack/pacing.py) and never
sleeps: a 429, or a post its channel's pace holds back, goes back to the outbox, which waits it
out without holding a delivery thread. A 5xx or timeout may have taken effect, so neither retries
those; the outbox does, looking before re-creating anything."""

from __future__ import annotations

import logging
import threading
import urllib.request
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryState
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.webhook import WebhookClient

from bot.settings import Settings
from bot.slack.outbox_client import OutboxWebClient
from bot.slack.pacing import LocalPacer, Pacer

log = logging.getLogger(__name__)
INTERACTIVE_WAIT = 3  # seconds: the longest Retry-After worth sleeping through while a person waits


class ShortRateLimitRetry(RateLimitErrorRetryHandler):
    """Retries a 429 only when Slack asks for a short wait; a long one fails at once."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        wait = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), ["1"])
        return wait[0].isdigit() and int(wait[0]) <= INTERACTIVE_WAIT


class SlackGateway:
    def __init__(self, settings: Settings, pacer: Pacer | None = None) -> None:
        self.timeout = settings.slack_timeout_seconds
        self.client = WebClient(**self._options(settings, ShortRateLimitRetry(max_retry_count=2)))
        pacer = pacer or LocalPacer(settings.slack_post_interval_seconds)
        self.outbox_client = OutboxWebClient(**self._options(settings), pacer=pacer)
        self._names: dict[str, str] = {}
        self._lock = threading.Lock()
        self.identity: dict[str, Any] | None = None  # auth.test's answer, once Slack gave it

    def _options(self, settings: Settings, *retry: RateLimitErrorRetryHandler) -> dict[str, Any]:
        """What both Web API clients share: token, base URL, timeout; and their retry handlers."""
        return {
            "token": settings.slack_bot_token,
            "base_url": settings.slack_api_url,
            "timeout": int(max(1, self.timeout)),
            "retry_handlers": list(retry),
        }

    def identify(self) -> dict[str, Any]:
        """`auth.test`, remembering who the bot is."""
        self.identity = self.client.auth_test().data  # type: ignore[assignment]
        assert self.identity is not None
        return self.identity

    @property
    def bot_user_id(self) -> str:
        identity = self.identity or self.identify()
        return str(identity["user_id"])

    def user_name(self, user_id: str) -> str:
        """Full name for documents people read outside Slack (the postmortem); cached."""
        with self._lock:
            if user_id in self._names:
                return self._names[user_id]
        try:
            user = self.client.users_info(user=user_id)["user"]
            profile = user.get("profile", {})
            name = profile.get("real_name") or profile.get("display_name") or user.get("name") or user_id
        except SlackApiError as error:
            log.warning("users.info %s failed: %s", user_id, error.response.get("error"))
            return user_id
        with self._lock:
            self._names[user_id] = name
        return name

    def find_user(self, name: str) -> str | None:
        """Resolve a bare `@name` (handle, display or real name) to a user ID."""
        wanted = name.lower()
        for page in self.client.users_list(limit=200):
            for user in page["members"]:
                profile = user.get("profile", {})
                names = (user.get("name"), profile.get("display_name"), profile.get("real_name"))
                if not user.get("deleted") and wanted in {(n or "").lower() for n in names}:
                    return user["id"]
        return None

    def respond(self, url: str, text: str, blocks: list[dict[str, Any]] | None = None, replace: bool = False) -> None:
        """An ephemeral answer through a response_url (valid 30 minutes, 5 uses); `replace`: instead
        of the message whose button was clicked (a list brought up to date)."""
        response = WebhookClient(url, timeout=int(max(1, self.timeout))).send(
            text=text, blocks=blocks, response_type="ephemeral", replace_original=replace
        )
        if response.status_code >= 300:
            log.warning("response_url answered %s: %s", response.status_code, response.body)

    def stage_file(self, filename: str, content: bytes) -> str:
        """The first two steps of an upload (get the URL, send the bytes); returns the file id.
        Nothing is shared until `files.completeUploadExternal`."""
        ticket = self.outbox_client.files_getUploadURLExternal(filename=filename, length=len(content))
        request = urllib.request.Request(ticket["upload_url"], data=content, method="POST")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            response.read()
        return ticket["file_id"]
