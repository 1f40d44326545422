"""Which calls of a delivery may have reached Slack, so a retry looks for an earlier post only
when there can be one.

A 429 is Slack saying it did nothing (and a post our pacer held back never left), so the retry
after one need not search the channel with `conversations.history`. But a delivery that posted one
DM and then got a 429 on the next has reached Slack all the same. The outbox client notes, per
delivery thread, every call since `begin()` that may have taken effect: any call that is not a
read, unless Slack answered it 429. A 5xx, a timeout or a connection reset counts, as the call may
have been done before the answer was lost."""

from __future__ import annotations

import threading
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.slack import drill_mark
from bot.slack.pacing import PacedWebClient

READS = frozenset({"history", "replies", "list", "info", "members", "test", "getPermalink", "lookupByEmail"})


class OutboxWebClient(PacedWebClient):
    """The outbox's client: paced posts, and a per-thread note of calls that may have reached Slack."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._local = threading.local()

    def begin(self, drill: bool = False) -> None:
        """A delivery starts on this thread: nothing of it has reached Slack yet. `drill`: it is about a
        drill, so what it posts is marked DRILL (bot/slack/drill_mark.py)."""
        self._local.reached = False
        self.drilling(drill)

    def drilling(self, drill: bool) -> None:
        """A delivery that learns its incident only once it runs (an alert digest) says so here."""
        self._local.drill = drill

    def reached(self) -> bool:
        """Whether a call since `begin()` on this thread may have taken effect."""
        return bool(getattr(self._local, "reached", True))

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:  # type: ignore[override]
        if getattr(self._local, "drill", False):
            kwargs = drill_mark.marked(api_method, kwargs)
        try:
            response = super().api_call(api_method, **kwargs)
        except SlackApiError as error:
            if error.response.status_code != 429:
                self._note(api_method)
            raise
        except BaseException:
            self._note(api_method)
            raise
        self._note(api_method)
        return response

    def _note(self, api_method: str) -> None:
        if api_method.rpartition(".")[2] not in READS:
            self._local.reached = True
