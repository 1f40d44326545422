"""Plain records for the fake workspace's objects (no behaviour beyond small helpers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Config:
    """Identity of the fake workspace and the bot, plus strictness switches."""

    bot_token: str
    app_token: str
    bot_user_id: str
    team_id: str
    trigger_ttl: float = 3.0
    chat_write_public: bool = False
    bot_id: str = "B0000001"
    bot_name: str = "incident-bot"
    app_id: str = "A0001"
    team_name: str = "Fake Workspace"
    team_url: str = "https://fake.slack.com/"


@dataclass
class User:
    """A workspace member."""

    id: str
    name: str
    real_name: str
    email: str | None = None
    is_bot: bool = False
    deleted: bool = False  # deactivated: users.info still answers, with ``deleted: true``


@dataclass
class Label:
    """A channel topic or purpose, with who set it and when."""

    value: str = ""
    creator: str = ""
    last_set: int = 0


@dataclass
class Channel:
    """A public/private channel or a bot DM (``is_im``)."""

    id: str
    name: str
    is_private: bool
    creator: str
    created: int
    members: set[str] = field(default_factory=set)
    is_archived: bool = False
    is_im: bool = False
    dm_user: str | None = None
    topic: Label = field(default_factory=Label)
    purpose: Label = field(default_factory=Label)


@dataclass
class Message:
    """A message as stored; ``thread_ts`` is None for top-level messages."""

    ts: str
    user: str
    text: str
    blocks: list[Any] | None = None
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    files: list[dict[str, Any]] = field(default_factory=list)
    edited: dict[str, str] | None = None
    reply_broadcast: bool = False
    attachments: list[Any] | None = None

    @property
    def is_reply(self) -> bool:
        """True for thread replies (which conversations.history leaves out)."""
        return self.thread_ts is not None and self.thread_ts != self.ts

    def public(self) -> dict[str, Any]:
        """The shape ``FakeSlack.messages`` returns (deep enough copy for asserts)."""
        return {
            "ts": self.ts,
            "user": self.user,
            "text": self.text,
            "blocks": copy_json(self.blocks),
            "thread_ts": self.thread_ts,
            "metadata": copy_json(self.metadata),
            "files": copy_json(self.files),
            "edited": copy_json(self.edited),
        }


@dataclass
class StoredFile:
    """A files v2 upload: registered, then uploaded, then completed (shared)."""

    id: str
    filename: str
    length: int
    created: int
    user: str
    title: str | None = None
    content: bytes | None = None
    channels: list[str] = field(default_factory=list)
    completed: bool = False
    shares: dict[str, str] = field(default_factory=dict)  # channel id → ts of the message sharing it


@dataclass
class ResponseUrl:
    """A response_url handed to the bot, optionally tied to a channel/user/message."""

    id: str
    channel: str | None = None
    user: str | None = None
    message_ts: str | None = None
    payloads: list[dict[str, Any]] = field(default_factory=list)


def copy_json(value: Any) -> Any:
    """Deep copy of JSON-like data, so callers never share state with the server."""
    if isinstance(value, dict):
        return {k: copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_json(v) for v in value]
    return value
