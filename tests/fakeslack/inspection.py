"""What tests read back from the fake Slack: channels, messages, pins, reactions, views, files and
the Web API calls made. A part of ``FakeSlack`` (its seeding and lifecycle are in fake.py)."""

from __future__ import annotations

import threading
from typing import Any

from . import render
from .dispatch import Backend
from .models import Channel, copy_json


class Inspection:
    """Snapshots of the fake workspace, each taken under the backend's lock."""

    _backend: Backend
    _lock: threading.RLock

    def _known_channel(self, channel_id: str) -> Channel:
        channel = self._backend.state.channels.get(channel_id)
        if channel is None:
            raise KeyError(f"no channel {channel_id!r} in the fake workspace")
        return channel

    def channel(self, channel_id: str) -> dict[str, Any]:
        """Channel snapshot; ``topic``/``purpose`` are plain strings, ``members`` a set (KeyError if unknown)."""
        with self._lock:
            return render.snapshot(self._known_channel(channel_id))

    def channel_by_name(self, name: str) -> dict[str, Any] | None:
        """Channel snapshot by name (archived included), or None."""
        with self._lock:
            found = self._backend.state.channel_named(name)
            return render.snapshot(found) if found else None

    def dm_channel(self, user_id: str) -> str | None:
        """ID of the bot's DM with ``user_id`` if one was opened."""
        with self._lock:
            return next((c.id for c in self._backend.state.channels.values() if c.dm_user == user_id), None)

    def channel_ids(self) -> list[str]:
        """Every channel and DM, in the order they were made."""
        with self._lock:
            return list(self._backend.state.channels)

    def messages(self, channel_id: str) -> list[dict[str, Any]]:
        """Every message in the channel including thread replies, oldest first."""
        with self._lock:
            return [m.public() for m in self._backend.state.messages.get(channel_id, [])]

    def bookmarks(self, channel_id: str) -> list[dict[str, Any]]:
        """Link bookmarks in the channel's header, in the order they were added."""
        with self._lock:
            return [dict(b) for b in self._backend.state.bookmarks.get(channel_id, [])]

    def pins(self, channel_id: str) -> list[str]:
        """ts of pinned messages, in pin order."""
        with self._lock:
            return list(self._backend.state.pins.get(channel_id, []))

    def reactions(self, channel_id: str, ts: str) -> dict[str, list[str]]:
        """Reaction name → user ids on one message."""
        with self._lock:
            found = self._backend.state.reactions.get((channel_id, ts), {})
            return {name: list(users) for name, users in found.items()}

    @property
    def ephemerals(self) -> list[dict[str, Any]]:
        """chat.postEphemeral (and ephemeral response_url) deliveries."""
        with self._lock:
            return copy_json(self._backend.state.ephemerals)

    @property
    def views(self) -> dict[str, dict[str, Any]]:
        """view_id → current view."""
        with self._lock:
            return copy_json(self._backend.state.views)

    @property
    def files(self) -> list[dict[str, Any]]:
        """Completed uploads: id, filename, title, content (bytes), channels."""
        with self._lock:
            done = [f for f in self._backend.state.files.values() if f.completed]
            fields = ("id", "filename", "title", "content")
            return [{**{k: getattr(f, k) for k in fields}, "channels": list(f.channels)} for f in done]

    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        """(method, params) of every Web API call, token removed, JSON fields decoded."""
        with self._lock:
            return [(method, copy_json(params)) for method, params in self._backend.state.calls]

    def call_count(self, method: str) -> int:
        """How many times ``method`` was called (faulted calls included)."""
        with self._lock:
            return sum(1 for name, _ in self._backend.state.calls if name == method)
