"""Signed requests into the running bot, shaped like Slack's own, so tests cross the real
verification, parsing and ack path."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tests.fakeslack import FakeSlack

TEAM = "T0001"
_counter = itertools.count(1)


def sign(secret: str, body: bytes, timestamp: int) -> str:
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Answer:
    status: int
    body: str
    response_url: str | None = None

    def json(self) -> dict[str, Any]:
        return json.loads(self.body) if self.body else {}

    @property
    def text(self) -> str:
        """What the person sees from the ack: its text and any section texts."""
        if not self.body:
            return ""
        try:
            data = json.loads(self.body)
        except ValueError:
            return self.body
        parts = [data.get("text") or ""]
        parts += [b.get("text", {}).get("text", "") for b in data.get("blocks") or []]
        return "\n".join(p for p in parts if p)


class SlackSender:
    def __init__(self, url: str, secret: str, fake: FakeSlack) -> None:
        self.url, self.secret, self.fake = url, secret, fake

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signed: bool = True,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        ts = int(time.time()) if timestamp is None else timestamp
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": str(ts), **(headers or {})}
        if signed:
            all_headers["X-Slack-Signature"] = sign(self.secret, body, ts)
        request = urllib.request.Request(self.url, data=body, headers=all_headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def command(
        self, text: str, user: str, channel: str = "C0GENERAL", trigger_id: str | None = None, **kw: Any
    ) -> Answer:
        response_url = self.fake.response_url()
        form = {
            "token": "x",
            "team_id": TEAM,
            "team_domain": "fake",
            "channel_id": channel,
            "channel_name": "x",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/incident",
            "text": text,
            "api_app_id": "A0001",
            "response_url": response_url,
            "trigger_id": trigger_id or self.fake.trigger_id(),
        }
        status, body = self.post(urlencode(form).encode(), "application/x-www-form-urlencoded", **kw)
        return Answer(status, body, response_url)

    def interactive(self, payload: dict[str, Any], **kw: Any) -> Answer:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        status, text = self.post(body, "application/x-www-form-urlencoded", **kw)
        return Answer(status, text, payload.get("response_url"))

    def _interaction(self, kind: str, user: str, **fields: Any) -> Answer:
        """An interactivity payload: the envelope every kind shares, plus its own fields."""
        envelope = {
            "type": kind,
            "team": {"id": TEAM},
            "user": {"id": user},
            "api_app_id": "A0001",
            "trigger_id": self.fake.trigger_id(),
        }
        return self.interactive({**envelope, **fields})

    def click(self, action_id: str, value: str, user: str, channel: str, message_ts: str = "1.0") -> Answer:
        action = {
            "type": "button",
            "action_id": action_id,
            "block_id": "b",
            "value": value,
            "action_ts": f"{time.time():.6f}",
        }
        return self._interaction(
            "block_actions",
            user,
            response_url=self.fake.response_url(),
            channel={"id": channel},
            container={"type": "message", "message_ts": message_ts},
            message={"ts": message_ts},
            actions=[action],
        )

    def check(
        self, message: dict[str, Any], block: dict[str, Any], selected: list[Any], user: str, channel: str
    ) -> Answer:
        """Leave `selected` ticked in the checkboxes of `block`, on `message` as the clicker's screen showed it."""
        action = {**block["elements"][0], "block_id": block["block_id"], "selected_options": selected}
        return self._interaction(
            "block_actions",
            user,
            response_url=self.fake.response_url(),
            channel={"id": channel},
            container={"type": "message", "message_ts": message["ts"], "channel_id": channel},
            message=message,
            actions=[{**action, "action_ts": f"{time.time():.6f}"}],
        )

    def pick(self, action_id: str, value: str, user: str, channel: str) -> Answer:
        """Choose `value` in a static_select on a message."""
        action = {"type": "static_select", "action_id": action_id, "block_id": "b", "selected_option": {"value": value}}
        return self._interaction(
            "block_actions",
            user,
            response_url=self.fake.response_url(),
            channel={"id": channel},
            container={"type": "message", "message_ts": "1.0"},
            message={"ts": "1.0"},
            actions=[{**action, "action_ts": f"{time.time():.6f}"}],
        )

    def submit(self, view: dict[str, Any], values: dict[str, dict[str, Any]], user: str) -> Answer:
        """Submit a view as opened in the fake, with state values {block_id: state}."""
        state = {block_id: {block_id: value} for block_id, value in values.items()}
        return self._interaction("view_submission", user, view={**view, "state": {"values": state}})

    def shortcut(self, callback_id: str, message: dict[str, Any], channel: str, user: str) -> Answer:
        return self._interaction(
            "message_action",
            user,
            callback_id=callback_id,
            channel={"id": channel},
            message=message,
            message_ts=message["ts"],
            response_url=self.fake.response_url(),
        )

    def event(self, event: dict[str, Any], event_id: str | None = None, retry: int | None = None) -> Answer:
        envelope = {
            "token": "x",
            "team_id": TEAM,
            "api_app_id": "A0001",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_counter):08d}",
            "event_time": int(time.time()),
            "event": event,
        }
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        status, text = self.post(json.dumps(envelope).encode(), "application/json", headers=headers)
        return Answer(status, text)

    def joined(
        self, channel: str, user: str, inviter: str | None = None, event_id: str | None = None, retry: int | None = None
    ) -> Answer:
        """`member_joined_channel`, as Slack sends it when `user` joins or is invited to `channel`."""
        event = {"type": "member_joined_channel", "user": user, "channel": channel, "channel_type": "C", "team": TEAM}
        return self.event({**event, **({"inviter": inviter} if inviter else {})}, event_id, retry)


def select(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value}}


def text_input(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def user_select(user: str | None) -> dict[str, Any]:
    return {"type": "users_select", "selected_user": user}


def checkboxes(*values: str) -> dict[str, Any]:
    return {"type": "checkboxes", "selected_options": [{"value": v} for v in values]}
