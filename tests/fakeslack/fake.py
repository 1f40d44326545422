"""``FakeSlack``: the object tests hold — server lifecycle, seeding, inspection, faults."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, TypeVar

from . import render
from .dispatch import Backend
from .faults import Fault
from .inspection import Inspection
from .models import Config, ResponseUrl, User, copy_json
from .openid import OpenIdProvider
from .server import FakeSlackServer
from .triggers import make_trigger_id
from .weather import Weather

T = TypeVar("T")


class FakeSlack(Inspection):
    """A strict local Slack Web API (+ Socket Mode) for tests; see the package docstring."""

    def __init__(
        self,
        bot_token: str = "xoxb-test",
        app_token: str = "xapp-test",
        bot_user_id: str = "UBOT",
        team_id: str = "T0001",
        trigger_ttl: float = 3.0,
        *,
        chat_write_public: bool = False,
    ) -> None:
        self.config = Config(
            bot_token=bot_token,
            app_token=app_token,
            bot_user_id=bot_user_id,
            team_id=team_id,
            trigger_ttl=trigger_ttl,
            chat_write_public=chat_write_public,
        )
        self._backend = Backend(self.config)
        self._lock = self._backend.lock
        self._server: FakeSlackServer | None = None
        self._thread: threading.Thread | None = None
        self._port = 0

    # lifecycle -----------------------------------------------------------
    def start(self) -> FakeSlack:
        """Bind an ephemeral port on 127.0.0.1 and serve in a background thread. Started again
        after `stop()`, it binds the same port with its state kept: Slack back after an outage."""
        if self._server is not None:
            raise RuntimeError("FakeSlack already started")
        self._server = FakeSlackServer(self._backend, port=self._port)
        self._port = self._server.server_address[1]
        self._backend.stopping.clear()
        self._backend.base_url = f"http://127.0.0.1:{self._port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="fakeslack-http", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Drop Socket Mode clients and shut the server down (idempotent)."""
        server, self._server = self._server, None
        if server is None:
            return
        self._backend.stopping.set()
        self._backend.hub.disconnect_all()
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` (after start)."""
        if not self._backend.base_url:
            raise RuntimeError("FakeSlack is not started")
        return self._backend.base_url

    @property
    def openid(self) -> OpenIdProvider:
        """Sign in with Slack: `register(client_id, secret, redirect_url)`, `sign_in_as(user)`."""
        return self._backend.state.openid

    @property
    def api_url(self) -> str:
        """WebClient ``base_url``: ``http://127.0.0.1:<port>/api/``."""
        return f"{self.base_url}/api/"

    # seeding -------------------------------------------------------------
    def add_user(
        self, user_id: str, name: str, real_name: str | None = None, email: str | None = None, is_bot: bool = False
    ) -> dict[str, Any]:
        """Add a workspace member; returns it in users.info shape."""
        with self._lock:
            user = User(user_id, name, real_name or name, email, is_bot)
            self._backend.state.users[user_id] = user
            return render.user(self._backend.state, user)

    def add_usergroup(self, subteam_id: str, members: Iterable[str]) -> None:
        """A user group (`<!subteam^S…>`) with these members."""
        with self._lock:
            self._backend.state.usergroups[subteam_id] = list(members)

    def usergroup(self, subteam_id: str) -> list[str]:
        """A user group's members now (`usergroups.users.update` replaces them)."""
        with self._lock:
            return list(self._backend.state.usergroups[subteam_id])

    def deactivate_user(self, user_id: str) -> None:
        """Deactivate an account, as an admin would: it stays in users.info/list, ``deleted``."""
        with self._lock:
            self._backend.state.get_user(user_id).deleted = True

    def add_member(self, channel_id: str, user_id: str) -> None:
        """Someone joins a channel by themselves (Slack then sends ``member_joined_channel``)."""
        with self._lock:
            self._known_channel(channel_id).members.add(user_id)

    def remove_member(self, channel_id: str, user_id: str) -> None:
        """Someone removes a member from a channel (any member may remove the app from a private one)."""
        with self._lock:
            self._known_channel(channel_id).members.discard(user_id)

    def add_channel(self, name: str, is_private: bool = False, members: Iterable[str] = ()) -> str:
        """Create a channel made by someone else; the bot is a member only if listed."""
        member_set = set(members)
        with self._lock:
            state = self._backend.state
            creator = next((m for m in sorted(member_set) if m != state.bot), "USLACKBOT")
            return state.create_channel(name, is_private=is_private, creator=creator, members=member_set).id

    def add_message(
        self, channel_id: str, user: str, text: str, *, thread_ts: str | None = None, blocks: list[Any] | None = None
    ) -> str:
        """Seed a message written by someone (e.g. a human) and return its ts."""
        with self._lock:
            state = self._backend.state
            channel = self._known_channel(channel_id)
            root = state.thread_root(channel.id, thread_ts) if thread_ts else None
            return state.add_message(channel, user=user, text=text, blocks=blocks, thread_ts=root).ts

    # interaction helpers ---------------------------------------------------
    def response_url(self, channel: str | None = None, user: str | None = None, message_ts: str | None = None) -> str:
        """A new response_url; with ``channel`` its payloads also show up in Slack state."""
        url_id = uuid.uuid4().hex
        with self._lock:
            self._backend.state.response_urls[url_id] = ResponseUrl(url_id, channel, user, message_ts)
        return f"{self.base_url}/respond/{url_id}"

    def responses(self, url: str) -> list[dict[str, Any]]:
        """JSON payloads POSTed to ``url``, in order."""
        with self._lock:
            found = self._backend.state.response_urls.get(url.rstrip("/").rsplit("/", 1)[-1])
            return copy_json(found.payloads) if found else []

    @property
    def all_responses(self) -> list[dict[str, Any]]:
        """Every payload POSTed to any response_url."""
        with self._lock:
            return copy_json([p for found in self._backend.state.response_urls.values() for p in found.payloads])

    def trigger_id(self) -> str:
        """A trigger id valid for ``trigger_ttl`` seconds from now."""
        return make_trigger_id()

    # faults ----------------------------------------------------------------
    def inject(
        self,
        method: str,
        *,
        error: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
        times: int = 1,
        after_effect: bool = False,
        delay: float | None = None,
        match: dict[str, Any] | None = None,
        hold: threading.Event | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (or ``"*"``) misbehave; with ``match``, only
        calls whose parameters have those values (``{"channel": announce}``). A ``delay`` alone
        applies the call and then holds the answer: Slack already had it when the client gives up.
        A ``hold`` holds the call before Slack acts on it until the test sets the event: a test
        that waits for an event rather than on a margin of time."""
        if status is None and retry_after is not None:
            status = 429
        if error is None and status is None and delay is None and hold is None:
            raise ValueError("inject() needs error, status, retry_after, delay or hold")
        fault = Fault(error, status, retry_after, after_effect, delay, tuple((match or {}).items()), hold)
        with self._lock:
            self._backend.faults.add(method, fault, times)

    @property
    def weather(self) -> Weather:
        """Random faults, rate limits and outages for drills (calm by default); see `weather.py`."""
        return self._backend.weather

    def reset_faults(self) -> None:
        """Forget every pending fault."""
        with self._lock:
            self._backend.faults.clear()

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Poll ``predicate`` every 10 ms until truthy and return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_message(predicate, value, timeout))
            time.sleep(0.01)

    def _timeout_message(self, predicate: Callable[[], Any], value: Any, timeout: float) -> str:
        recent = [method for method, _ in self.calls[-15:]]
        name = getattr(predicate, "__qualname__", repr(predicate))
        return f"wait_for({name}) still {value!r} after {timeout}s; last API calls: {recent}"

    # Socket Mode -------------------------------------------------------------
    def socket_send(self, envelope_type: str, payload: dict[str, Any], accepts_response_payload: bool = True) -> str:
        """Send an envelope to the connected client (waits up to 5 s for one); returns envelope_id."""
        return self._backend.hub.send(envelope_type, payload, accepts_response_payload, timeout=5.0)

    def socket_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """The client's ack ``{"envelope_id", "payload"?}`` for an envelope."""
        return self._backend.hub.wait_ack(envelope_id, timeout)

    def socket_connected(self, timeout: float = 5.0) -> bool:
        """Whether a Socket Mode client is (or becomes, within ``timeout``) connected."""
        return self._backend.hub.wait_connected(timeout)

    def socket_disconnect(self, reason: str | None = "refresh_requested") -> None:
        """Send Slack's ``disconnect`` message and drop connections (tests reconnect logic)."""
        self._backend.hub.disconnect_all(reason)
