"""The HTTP surface: signature checks, retries of the same event, health."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.body_limit import limit_body
from bot.server import close_server, http_server, wsgi_app
from bot.store.engine import make_engine
from tests.support.harness import ALICE, Harness


def test_unsigned_wrongly_signed_and_stale_requests_get_401(bot: Harness) -> None:
    body = b"command=%2Fincident&text=list&user_id=U0ALICE&channel_id=C0GENERAL"
    content = "application/x-www-form-urlencoded"
    assert bot.send.post(body, content, signed=False)[0] == 401
    bot.send.secret = "not-the-secret"
    assert bot.send.post(body, content)[0] == 401
    bot.send.secret = "test-signing-secret"
    assert bot.send.post(body, content, timestamp=int(time.time()) - 6 * 60)[0] == 401
    assert bot.send.command("declare sev1 replayed", ALICE, timestamp=int(time.time()) - 3600).status == 401
    bot.idle()
    assert bot.fake.call_count("conversations.create") == 0


def test_healthz_reports_the_database_and_slack_and_readyz_says_ready(bot: Harness) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{bot.runtime.port}/healthz") as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True, "status": "ok", "database": "ok", "slack": "ok"}
    with urllib.request.urlopen(f"http://127.0.0.1:{bot.runtime.port}/readyz") as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ready": True, "slack": "ok"}


def test_slack_retries_of_the_same_pin_event_change_nothing(bot: Harness) -> None:
    channel, _ = bot.declare("Search is slow")
    bot.fake.wait_for(lambda: len(bot.fake.messages(channel)) >= 1)
    message_ts = bot.fake.messages(channel)[0]["ts"]
    event = {
        "type": "reaction_added",
        "user": ALICE,
        "reaction": "pushpin",
        "item": {"type": "message", "channel": channel, "ts": message_ts},
        "event_ts": f"{time.time():.6f}",
    }
    first = bot.send.event(event, event_id="Ev0PIN1")
    again = bot.send.event(event, event_id="Ev0PIN1", retry=1)
    assert first.status == again.status == 200
    bot.fake.wait_for(lambda: bot.fake.reactions(channel, message_ts).get("white_check_mark"))
    bot.send.event(event, event_id="Ev0PIN2")  # a second pin of the same message, new event
    bot.fake.wait_for(lambda: bot.fake.call_count("chat.getPermalink") >= 2)  # the second one was read
    time.sleep(0.2)
    bot.idle()
    timeline = bot.reply(bot.send.command("timeline", ALICE, channel))
    assert timeline.count("(pinned)") == 1


def test_commands_are_acknowledged_before_any_web_api_call_returns(bot: Harness) -> None:
    """Slack holds each call until the ack is in: an ack that waited for one would never come."""
    channel_made = threading.Event()
    bot.fake.inject("conversations.create", hold=channel_made)
    declare = bot.send.command("declare sev2 Slow Slack", ALICE)
    assert declare.status == 200 and "Declaring" in declare.text
    assert bot.fake.responses(declare.response_url) == []  # the channel link comes after the held call
    channel_made.set()
    assert "is declared" in bot.reply(declare, timeout=10)

    modal_opened = threading.Event()
    bot.fake.inject("views.open", hold=modal_opened)
    bare = bot.send.command("", ALICE)
    assert bare.status == 200 and bot.fake.views == {}
    modal_opened.set()
    bot.fake.wait_for(lambda: bot.fake.views)


FORM, JSON = "application/x-www-form-urlencoded", "application/json"
MALFORMED = [
    (b"payload=not-json", FORM),
    (urlencode({"payload": "[1, 2]"}).encode(), FORM),
    (urlencode({"payload": '"a string"'}).encode(), FORM),
    (b"{not json", JSON),
    (b"[1, 2]", JSON),
    (b"command=%2Fincident&text=\xff\xfe", FORM),
    (b"text=hello", "text/plain"),
    (json.dumps({"type": "event_callback", "event": "x"}).encode(), JSON),
    (urlencode({"payload": json.dumps({"type": "block_actions", "actions": "x"})}).encode(), FORM),
    (urlencode({"payload": json.dumps({"type": "view_submission", "view": "x"})}).encode(), FORM),
    (urlencode({"payload": json.dumps({"type": 5})}).encode(), FORM),
]


def test_malformed_bodies_get_400_and_bad_timestamps_401(bot: Harness) -> None:
    for body, content_type in MALFORMED:
        status, text = bot.send.post(body, content_type)
        assert status == 400, (body, status, text)
        assert "Traceback" not in text
    for timestamp in ("abc", "", "1" * 5000, "-5"):
        status, _ = bot.send.post(b"text=x", FORM, headers={"X-Slack-Request-Timestamp": timestamp})
        assert status == 401, timestamp
    bot.idle()
    assert bot.fake.call_count("conversations.create") == 0


def _raw(port: int, head: str, body: bytes) -> str:
    """Send a request head and part of its body; the status line of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head.encode() + b"\r\n\r\n" + body)
        return connection.recv(200).decode().split("\r\n")[0]


def test_oversized_bodies_are_refused_on_every_route_before_they_are_read(bot: Harness) -> None:
    port = bot.runtime.port
    for method, path in (("POST", "/slack/events"), ("GET", "/healthz"), ("GET", "/readyz"), ("POST", "/anything")):
        head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {FORM}\r\nContent-Length: {200 << 20}"
        assert _raw(port, head, b"a" * 65536).startswith("HTTP/1.1 413"), path
    chunked = f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: {FORM}\r\nTransfer-Encoding: chunked"
    chunk = b"%x\r\n%s\r\n" % (1 << 16, b"a" * (1 << 16))
    assert _raw(port, chunked, chunk * 17).startswith("HTTP/1.1 413")
    assert _raw(port, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc", b"").startswith("HTTP/1.1 400")


def test_a_body_under_the_cap_and_a_command_saying_payload_get_through(bot: Harness) -> None:
    channel, _ = bot.declare("Queue backlog")
    near_cap = bot.send.command("note " + "x" * 1_000_000, ALICE, channel)
    assert near_cap.status == 200
    assert "characters long" in near_cap.body  # refused in the ack itself
    note = bot.send.command("note payload size spiked", ALICE, channel)
    assert "Added to the timeline" in bot.reply(note)
    assert "payload size spiked" in bot.reply(bot.send.command("timeline", ALICE, channel))


def _serve_until_closed(server: Any) -> None:
    with contextlib.suppress(OSError, ValueError):  # close_server() ends the loop with EBADF
        server.run()


def test_healthz_keeps_the_database_error_in_the_log(caplog: pytest.LogCaptureFixture) -> None:
    engine = make_engine("postgresql+psycopg://incident:hunter2@127.0.0.1:1/incidents?connect_timeout=2")
    server = http_server(wsgi_app(None, engine), "127.0.0.1", 0)
    threading.Thread(target=_serve_until_closed, args=(server,), daemon=True).start()
    try:
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(f"http://127.0.0.1:{server.effective_port}/healthz", timeout=10)
    finally:
        close_server(server)
    assert answer.value.code == 503
    assert json.loads(answer.value.read()) == {"ok": False, "status": "down", "database": "unreachable"}
    assert "127.0.0.1" in caplog.text and "port 1" in caplog.text


def test_limit_body_refuses_large_or_garbled_lengths_itself() -> None:
    """The WSGI-level cap, for servers that would pass such a request through."""
    inner = limit_body(lambda environ, start_response: [b"inner"], max_bytes=10)
    statuses: list[str] = []
    for length in ("11", "x1", "10", ""):
        body = b"".join(inner({"CONTENT_LENGTH": length}, lambda status, headers: statuses.append(status)))
        assert (body == b"inner") == (length in ("10", ""))
    assert [s[:3] for s in statuses] == ["413", "400"]
