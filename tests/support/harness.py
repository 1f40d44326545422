"""A running bot against the fake Slack, and the questions tests ask about what people see."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import text

from bot.core.clock import Clock
from bot.runtime import Runtime
from bot.settings import Settings
from tests.fakeslack import FakeSlack
from tests.support.signing import Answer, SlackSender

SECRET = "test-signing-secret"
ALICE, BOB, CAROL, DAVE = "U0ALICE", "U0BOB", "U0CAROL", "U0DAVE"
GENERAL = "C0GENERAL"
CAROL_ON_CALL = """
[oncall.primary]
timezone = "UTC"
handoff = "09:00"
rotation = "daily"
users = ["U0CAROL"]
"""  # a policy's on-call schedule: CAROL, every day


def settings_for(fake: FakeSlack, database_url: str, **overrides: Any) -> Settings:
    base = Settings(
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=fake.api_url,
        database_url=database_url,
        host="127.0.0.1",
        port=0,
        announce_channel="#incidents",
        outbox_backoff_seconds=0.05,
        outbox_max_attempts=3,
        slack_timeout_seconds=2,
        slack_post_interval_seconds=0.05,  # compressed like the backoff; tests/slack/test_pacing.py uses 1 s
    )
    return replace(base, **overrides)


def populate(fake: FakeSlack) -> tuple[str, str]:
    """The workspace every scenario starts from; returns the announce and general channels' IDs."""
    for user_id, name, real in (
        (ALICE, "alice", "Alice Archer"),
        (BOB, "bob", "Bob Baker"),
        (CAROL, "carol", "Carol Chen"),
        (DAVE, "dave", "Dave Diaz"),
    ):
        fake.add_user(user_id, name, real_name=real, email=f"{name}@example.com")
    for i in range(1, 9):
        fake.add_user(f"U0EXTRA{i}", f"extra{i}", real_name=f"Extra {i}")
    general = fake.add_channel("general", members=(ALICE, BOB, CAROL, DAVE, "UBOT"))
    return fake.add_channel("incidents", members=(ALICE, BOB)), general


@dataclass
class Harness:
    runtime: Runtime
    fake: FakeSlack
    send: SlackSender
    announce: str
    general: str

    def stop(self) -> None:
        self.runtime.stop()

    def reply(self, answer: Answer, timeout: float = 5.0) -> str:
        """The ephemeral answer that arrives later through the response_url."""
        assert answer.response_url
        payloads = self.fake.wait_for(lambda: self.fake.responses(answer.response_url), timeout)
        return "\n".join(_payload_text(p) for p in payloads)

    def replies(self, answer: Answer) -> list[str]:
        assert answer.response_url
        return [_payload_text(p) for p in self.fake.responses(answer.response_url)]

    def declare(self, text: str, user: str = ALICE, timeout: float = 5.0) -> tuple[str, Answer]:
        """Declare and wait until the channel has its pinned card; returns the channel ID."""
        answer = self.send.command(f"declare {text}", user)
        assert answer.status == 200, answer.body
        reply = self.reply(answer, timeout)
        match = re.search(r"<#(C\w+|G\w+)>", reply)
        assert match, reply
        channel = match.group(1)
        self.fake.wait_for(lambda: self.fake.pins(channel), timeout)
        return channel, answer

    def card(self, channel: str) -> str:
        pinned = self.fake.pins(channel)
        message = next(m for m in self.fake.messages(channel) if m["ts"] == pinned[0])
        return blocks_text(message["blocks"])

    def wait_card(self, channel: str, needle: str, timeout: float = 5.0) -> str:
        return self.fake.wait_for(lambda: (text := self.card(channel)) and needle in text and text, timeout)

    def lines(self, channel: str) -> list[str]:
        return [blocks_text(m.get("blocks") or []) or m.get("text") or "" for m in self.fake.messages(channel)]

    def wait_line(self, channel: str, needle: str, timeout: float = 5.0) -> str:
        def found() -> str | None:
            return next((line for line in self.lines(channel) if needle in line), None)

        return self.fake.wait_for(found, timeout)

    def wait_dm(self, user: str, needle: str, timeout: float = 5.0) -> str:
        """The bot's direct message to `user` that says `needle`, once it has arrived."""

        def found() -> str | None:
            channel = self.fake.dm_channel(user)
            return next((line for line in self.lines(channel) if needle in line), None) if channel else None

        return self.fake.wait_for(found, timeout)

    def idle(self, timeout: float = 5.0) -> None:
        """Wait until the outbox has nothing left to deliver."""

        def drained() -> bool:
            with self.runtime.engine.connect() as c:
                return (
                    c.execute(
                        text("SELECT count(*) FROM outbox WHERE done_at IS NULL AND failed_at IS NULL")
                    ).scalar_one()
                    == 0
                )

        self.fake.wait_for(drained, timeout)


def blocks_text(blocks: list[dict[str, Any]]) -> str:
    parts: list[str] = []
    for block in blocks:
        if text := block.get("text"):
            parts.append(text.get("text", ""))
        parts += [f.get("text", "") for f in block.get("fields") or []]
        parts += [
            e.get("text", "") if isinstance(e.get("text"), str) else (e.get("text") or {}).get("text", "")
            for e in block.get("elements") or []
        ]
    return "\n".join(p for p in parts if p)


def _payload_text(payload: dict[str, Any]) -> str:
    return "\n".join(filter(None, [payload.get("text") or "", blocks_text(payload.get("blocks") or [])]))


def start_harness(fake: FakeSlack, database_url: str, clock: Clock | None = None, **overrides: Any) -> Harness:
    """`clock`: the bot's (a ManualClock for ages computed by hand, a TravelClock to jump ahead); the
    system's by default."""
    announce, general = populate(fake)
    runtime = Runtime(settings_for(fake, database_url, **overrides), clock)
    runtime.prepare()
    runtime.start()
    sender = SlackSender(f"http://127.0.0.1:{runtime.port}/slack/events", SECRET, fake)
    return Harness(runtime, fake, sender, announce, general)


def socket_command(fake: FakeSlack, text: str, channel: str, user: str = ALICE) -> tuple[str, str]:
    """`/incident <text>` over Socket Mode; returns the envelope's ID and the command's response_url."""
    response_url = fake.response_url()
    payload = {
        "command": "/incident",
        "text": text,
        "user_id": user,
        "channel_id": channel,
        "team_id": "T0001",
        "response_url": response_url,
        "trigger_id": fake.trigger_id(),
        "api_app_id": "A0001",
    }
    return fake.socket_send("slash_commands", payload), response_url
