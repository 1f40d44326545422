"""A real HTTP server on 127.0.0.1 serving an iCalendar feed the way PagerDuty and Google do: with an
ETag and Last-Modified, answering 304 to a matching conditional GET (and counting them). A test switches
it to answer 500, garbage, or nothing at all (it holds the request past the bot's timeout)."""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import datetime
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LAST_MODIFIED = formatdate(1767225600, usegmt=True)  # 2026-01-01: any fixed date does


class IcsServer:
    def __init__(self, body: str = "") -> None:
        self.body, self.mode = body.encode(), "ok"
        self.hits = self.not_modified = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/schedule.ics"

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'

    def serve(self, body: str) -> None:
        with self._lock:
            self.body, self.mode = body.encode(), "ok"

    def answer(self, mode: str) -> None:
        """ "ok", "500", "garbage" or "silent"."""
        with self._lock:
            self.mode = mode

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def respond(self, request: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            self.hits += 1
            mode, body, etag = self.mode, self.body, self.etag
            unchanged = request.headers.get("If-None-Match") == etag
            self.not_modified += mode == "ok" and unchanged
        if mode == "silent":
            time.sleep(3)
            return 200, {}, b""
        if mode == "500":
            return 500, {}, b"Internal Server Error"
        if mode == "garbage":
            return 200, {"Content-Type": "text/html"}, b"<html><body>Sign in to continue</body></html>"
        if unchanged:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "text/calendar", "ETag": etag, "Last-Modified": LAST_MODIFIED}, body


def _handler(server: IcsServer) -> Any:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = server.respond(self)
            try:
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the bot gave up waiting (the "silent" feed): nobody is listening any more

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: pytest treats stray output as noise."""

    return Handler


def pagerduty(shifts: list[tuple[str, datetime, datetime]]) -> str:
    """A feed shaped like PagerDuty's schedule export: one event per shift, UTC times, the e-mail as ATTENDEE."""
    events = [
        f"BEGIN:VEVENT\r\nDTEND;VALUE=DATE-TIME:{end:%Y%m%dT%H%M%SZ}\r\nDTSTART;VALUE=DATE-TIME:{start:%Y%m%dT%H%M%SZ}\r\n"
        f"ATTENDEE:{email}\r\nUID:Q{index:013d}\r\nURL:https://acme.pagerduty.com/schedules#PXXXXXX\r\n"
        f"SUMMARY:On Call - {email.split('@')[0].title()} - Primary\r\nEND:VEVENT\r\n"
        for index, (email, start, end) in enumerate(shifts)
    ]
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:On Call Schedule for Primary\r\n"
    return head + "".join(events) + "END:VCALENDAR\r\n"
