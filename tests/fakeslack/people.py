"""What people do to messages in Slack — edit, delete, react, take a reaction off — applied to the
fake's state and returned as the event Slack sends the app for it (`SlackSender.event` posts it), in
the shapes Slack documents: `message` with subtype `message_changed` / `message_deleted`,
`reaction_added` / `reaction_removed`."""

from __future__ import annotations

from typing import Any

from . import render
from .fake import FakeSlack


def edit(fake: FakeSlack, channel_id: str, ts: str, text: str) -> dict[str, Any]:
    """The author edits message `ts` to `text`."""
    with fake._lock:
        state = fake._backend.state
        message = state.find_message(channel_id, ts)
        before = render.message(state, channel_id, message)
        edited_ts = state.next_ts()
        message.text, message.edited = text, {"user": message.user, "ts": edited_ts}
        after = render.message(state, channel_id, message)
    return {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "channel": channel_id,
        "message": after,
        "previous_message": before,
        "event_ts": edited_ts,
        "ts": edited_ts,
    }


def delete(fake: FakeSlack, channel_id: str, ts: str) -> dict[str, Any]:
    """Message `ts` is deleted (with its pins and reactions, as in Slack)."""
    with fake._lock:
        state = fake._backend.state
        message = state.find_message(channel_id, ts)
        before = render.message(state, channel_id, message)
        state.delete_message(channel_id, message)
        event_ts = state.next_ts()
    return {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "channel": channel_id,
        "deleted_ts": ts,
        "previous_message": before,
        "event_ts": event_ts,
        "ts": event_ts,
    }


def react(fake: FakeSlack, channel_id: str, ts: str, user: str, name: str = "pushpin") -> dict[str, Any]:
    """`user` adds the reaction `name` to message `ts`."""
    with fake._lock:
        state = fake._backend.state
        state.find_message(channel_id, ts)
        users = state.reactions.setdefault((channel_id, ts), {}).setdefault(name, [])
        if user not in users:
            users.append(user)
        return _reaction_event("reaction_added", channel_id, ts, user, name, state.next_ts())


def unreact(fake: FakeSlack, channel_id: str, ts: str, user: str, name: str = "pushpin") -> dict[str, Any]:
    """`user` takes their reaction `name` off message `ts`."""
    with fake._lock:
        state = fake._backend.state
        reactions = state.reactions.get((channel_id, ts), {})
        if user in reactions.get(name, []):
            reactions[name].remove(user)
            if not reactions[name]:
                del reactions[name]
        return _reaction_event("reaction_removed", channel_id, ts, user, name, state.next_ts())


def _reaction_event(kind: str, channel_id: str, ts: str, user: str, name: str, event_ts: str) -> dict[str, Any]:
    return {
        "type": kind,
        "user": user,
        "reaction": name,
        "item": {"type": "message", "channel": channel_id, "ts": ts},
        "event_ts": event_ts,
    }
