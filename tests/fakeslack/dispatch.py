"""Web API dispatch: record the call, apply faults, check auth, run the handler.

This is the only place that takes the state lock for API calls, so handlers are
plain functions over :class:`SlackState`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from . import (
    methods_bookmarks,
    methods_chat,
    methods_conversations,
    methods_files,
    methods_items,
    methods_users,
    methods_views,
    openid,
)
from .context import Ctx, Handler
from .errors import SlackError
from .faults import Fault, FaultBook
from .models import Config, copy_json
from .params import Params
from .socket_mode import SocketHub
from .state import SlackState
from .weather import Weather

METHODS: dict[str, Handler] = {
    **methods_conversations.METHODS,
    **methods_chat.METHODS,
    **methods_items.METHODS,
    **methods_users.METHODS,
    **methods_views.METHODS,
    **methods_files.METHODS,
    **methods_bookmarks.METHODS,
    **openid.METHODS,
}
#: Methods that take the app-level (xapp) token instead of the bot token.
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})
#: Methods that accept either token.
ANY_TOKEN_METHODS = frozenset({"auth.test"})


@dataclass(frozen=True)
class ApiResult:
    """What the HTTP layer should send back."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class Backend:
    """State + faults + Socket Mode hub behind one lock."""

    def __init__(self, config: Config) -> None:
        self.lock = threading.RLock()
        self.state = SlackState(config)
        self.faults = FaultBook()
        self.weather = Weather()  # calm: no random faults unless a drill sets it
        self.hub = SocketHub(config.app_id)
        self.base_url = ""
        self.stopping = threading.Event()  # releases calls held by delay faults when the fake stops

    def call(self, method: str, params: dict[str, Any], token: str | None) -> ApiResult:
        """Handle one Web API call end to end (thread-safe)."""
        with self.lock:
            self.state.calls.append((method, copy_json(params)))
            fault = self.faults.take(method, params) or self.weather.draw(method, params)
        if fault is None:
            return self._execute(method, params, token)
        return self._faulty(fault, method, params, token)

    def _faulty(self, fault: Fault, method: str, params: dict[str, Any], token: str | None) -> ApiResult:
        """A hold first, then the effect (pure delay or after_effect), then the delay, then the answer."""
        result = None
        while fault.hold is not None and not fault.hold.wait(0.05) and not self.stopping.is_set():
            pass  # held until the test lets Slack go on (or the fake stops)
        if not fault.fails or fault.after_effect:
            result = self._execute(method, params, token)
        if fault.delay:
            self.stopping.wait(fault.delay)
        if result is not None and not fault.fails:
            return result
        status, body, headers = fault.response()
        return ApiResult(status, body, headers)

    def _execute(self, method: str, params: dict[str, Any], token: str | None) -> ApiResult:
        handler = METHODS.get(method)
        if handler is None:
            return ApiResult(200, {"ok": False, "error": "unknown_method"})
        with self.lock:
            try:
                if method not in openid.METHODS:
                    self._check_token(method, token)
                body = handler(Ctx(self.state, Params(params), self.base_url, self.hub, token))
            except SlackError as exc:
                return ApiResult(200, exc.body())
        return ApiResult(200, {"ok": True, **body})

    def _check_token(self, method: str, token: str | None) -> None:
        config = self.state.config
        if not token:
            raise SlackError("not_authed")
        if method in ANY_TOKEN_METHODS and token in (config.bot_token, config.app_token):
            return
        wanted, other = config.bot_token, config.app_token
        if method in APP_TOKEN_METHODS:
            wanted, other = other, wanted
        if token == other:
            raise SlackError("not_allowed_token_type")
        if token != wanted:
            raise SlackError("invalid_auth")
