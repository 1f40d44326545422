"""The fake workspace's mutable state and the lookups every method shares.

Nothing here locks: the dispatcher and ``FakeSlack`` hold the one lock around
every use, so handlers can read-check-write without races.
"""

from __future__ import annotations

import time
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import SlackError
from .models import Channel, Config, Message, ResponseUrl, StoredFile, User
from .openid import OpenIdProvider

_USER_PREFIXES = ("U", "W")


def parse_ts(ts: str | None, error: str = "invalid_ts") -> Decimal:
    """A Slack ts as an exact Decimal (floats lose the microseconds)."""
    try:
        value = Decimal(str(ts))
    except InvalidOperation as exc:
        raise SlackError(error) from exc
    if not value.is_finite():
        raise SlackError(error)
    return value


class SlackState:
    """Users, channels, messages and everything else a test may assert on."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: dict[str, list[Message]] = {}
        self.pins: dict[str, list[str]] = {}
        self.bookmarks: dict[str, list[dict[str, Any]]] = {}
        self.reactions: dict[tuple[str, str], dict[str, list[str]]] = {}
        self.ephemerals: list[dict[str, Any]] = []
        self.views: dict[str, dict[str, Any]] = {}
        self.files: dict[str, StoredFile] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.used_triggers: set[str] = set()
        self.usergroups: dict[str, list[str]] = {}  # subteam ID → member user IDs
        self.openid = OpenIdProvider()  # Sign in with Slack
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._counters: dict[str, int] = {}
        self._last_ts_us = 0
        self.users[config.bot_user_id] = User(config.bot_user_id, config.bot_name, config.bot_name, is_bot=True)

    @property
    def bot(self) -> str:
        """The bot's user id."""
        return self.config.bot_user_id

    # ids and timestamps -------------------------------------------------
    def next_id(self, prefix: str) -> str:
        """Sequential Slack-looking ids: C0000001, D0000001, V0000001, F0000001…"""
        count = self._counters.get(prefix, 0) + 1
        self._counters[prefix] = count
        return f"{prefix}{count:07d}"

    def next_ts(self) -> str:
        """Wall-clock based, strictly increasing, unique message ts."""
        now_us = max(int(time.time() * 1_000_000), self._last_ts_us + 1)
        self._last_ts_us = now_us
        return f"{now_us // 1_000_000}.{now_us % 1_000_000:06d}"

    # channels ------------------------------------------------------------
    def create_channel(self, name: str, *, is_private: bool, creator: str, members: set[str]) -> Channel:
        """Register a new channel and its (empty) history."""
        channel = Channel(self.next_id("C"), name, is_private, creator, int(time.time()), set(members))
        self.channels[channel.id] = channel
        self.messages[channel.id] = []
        return channel

    def channel_named(self, name: str) -> Channel | None:
        """Any channel (archived too) with this name."""
        return next((c for c in self.channels.values() if c.name == name and not c.is_im), None)

    def get_channel(self, channel_id: str | None) -> Channel:
        """The channel, or ``channel_not_found``."""
        channel = self.channels.get(channel_id or "")
        if channel is None:
            raise SlackError("channel_not_found")
        return channel

    def visible_channel(self, channel_id: str | None) -> Channel:
        """A channel the bot may see: private channels it is not in do not exist for it."""
        channel = self.get_channel(channel_id)
        if channel.is_private and self.bot not in channel.members:
            raise SlackError("channel_not_found")
        return channel

    def require_member(self, channel: Channel) -> None:
        """``not_in_channel`` unless the bot is a member."""
        if self.bot not in channel.members:
            raise SlackError("not_in_channel")

    def require_active(self, channel: Channel) -> None:
        """``is_archived`` for archived channels."""
        if channel.is_archived:
            raise SlackError("is_archived")

    def open_dm(self, user_id: str) -> Channel:
        """The bot's DM with ``user_id``, created on first use (``user_not_found`` otherwise)."""
        if user_id not in self.users:
            raise SlackError("user_not_found")
        existing = next((c for c in self.channels.values() if c.is_im and c.dm_user == user_id), None)
        if existing is not None:
            return existing
        channel = Channel(
            self.next_id("D"),
            user_id,
            True,
            self.bot,
            int(time.time()),
            {self.bot, user_id},
            is_im=True,
            dm_user=user_id,
        )
        self.channels[channel.id] = channel
        self.messages[channel.id] = []
        return channel

    def postable_channel(self, target: str | None) -> Channel:
        """Resolve chat.postMessage's ``channel`` (ID or user ID) and apply its posting rules."""
        if target and target.startswith(_USER_PREFIXES):
            if target not in self.users:
                raise SlackError("channel_not_found")
            return self.open_dm(target)
        channel = self.get_channel(target)
        self.require_active(channel)
        public_ok = self.config.chat_write_public and not channel.is_private
        if not public_ok:
            self.require_member(channel)
        return channel

    # messages ------------------------------------------------------------
    def add_message(self, channel: Channel, **fields: Any) -> Message:
        """Append a message with a fresh ts."""
        message = Message(ts=self.next_ts(), **fields)
        self.messages[channel.id].append(message)
        return message

    def find_message(self, channel_id: str, ts: str | None) -> Message:
        """The message with exactly this ts, or ``message_not_found``."""
        found = next((m for m in self.messages.get(channel_id, ()) if m.ts == ts), None)
        if found is None:
            raise SlackError("message_not_found")
        return found

    def thread_root(self, channel_id: str, thread_ts: str) -> str:
        """The ts a reply should attach to (replies to replies attach to the parent)."""
        found = next((m for m in self.messages.get(channel_id, ()) if m.ts == thread_ts), None)
        if found is None:
            raise SlackError("invalid_thread_ts")
        return found.thread_ts or found.ts

    def replies(self, channel_id: str, ts: str) -> list[Message]:
        """Thread replies to ``ts``, oldest first."""
        return [m for m in self.messages.get(channel_id, ()) if m.is_reply and m.thread_ts == ts]

    def delete_message(self, channel_id: str, message: Message) -> None:
        """Remove a message with its pins and reactions."""
        self.messages[channel_id].remove(message)
        pins = self.pins.get(channel_id, [])
        if message.ts in pins:
            pins.remove(message.ts)
        self.reactions.pop((channel_id, message.ts), None)

    # users ---------------------------------------------------------------
    def get_user(self, user_id: str | None) -> User:
        """The user, or ``user_not_found``."""
        user = self.users.get(user_id or "")
        if user is None:
            raise SlackError("user_not_found")
        return user
