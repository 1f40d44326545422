"""Rendering of state records into Slack's Web API response shapes."""

from __future__ import annotations

from typing import Any

from .models import Channel, Label, Message, StoredFile, User, copy_json
from .state import SlackState


def label(value: Label) -> dict[str, Any]:
    """Topic/purpose object."""
    return {"value": value.value, "creator": value.creator, "last_set": value.last_set}


def channel(state: SlackState, ch: Channel, *, num_members: bool = False) -> dict[str, Any]:
    """A conversation object as conversations.info/list/create return it."""
    if ch.is_im:
        return _dm(state, ch)
    body: dict[str, Any] = {
        "id": ch.id,
        "name": ch.name,
        "name_normalized": ch.name,
        "is_channel": not ch.is_private,
        "is_group": False,
        "is_im": False,
        "is_mpim": False,
        "is_private": ch.is_private,
        "created": ch.created,
        "is_archived": ch.is_archived,
        "is_general": False,
        "unlinked": 0,
        "is_shared": False,
        "is_org_shared": False,
        "is_ext_shared": False,
        "is_pending_ext_shared": False,
        "context_team_id": state.config.team_id,
        "creator": ch.creator,
        "is_member": state.bot in ch.members,
        "topic": label(ch.topic),
        "purpose": label(ch.purpose),
        "previous_names": [],
    }
    if num_members:
        body["num_members"] = len(ch.members)
    return body


def _dm(state: SlackState, ch: Channel) -> dict[str, Any]:
    return {
        "id": ch.id,
        "created": ch.created,
        "is_im": True,
        "is_org_shared": False,
        "context_team_id": state.config.team_id,
        "user": ch.dm_user,
        "is_user_deleted": False,
        "priority": 0,
    }


def message(state: SlackState, channel_id: str, msg: Message, *, include_metadata: bool = True) -> dict[str, Any]:
    """A message object as chat.postMessage/conversations.history return it."""
    body: dict[str, Any] = {
        "type": "message",
        "user": msg.user,
        "text": msg.text,
        "ts": msg.ts,
        "team": state.config.team_id,
    }
    if msg.user == state.bot:
        body.update(bot_id=state.config.bot_id, app_id=state.config.app_id)
    _add_optional(body, msg, include_metadata)
    _add_thread_info(state, channel_id, msg, body)
    if msg.ts in state.pins.get(channel_id, ()):
        body["pinned_to"] = [channel_id]
    reactions = state.reactions.get((channel_id, msg.ts))
    if reactions:
        body["reactions"] = [{"name": n, "users": list(u), "count": len(u)} for n, u in reactions.items()]
    return body


def _add_optional(body: dict[str, Any], msg: Message, include_metadata: bool) -> None:
    if msg.blocks is not None:
        body["blocks"] = copy_json(msg.blocks)
    if msg.attachments:
        body["attachments"] = copy_json(msg.attachments)
    if msg.files:
        body["files"] = copy_json(msg.files)
    if msg.edited:
        body["edited"] = dict(msg.edited)
    if msg.metadata and include_metadata:
        body["metadata"] = copy_json(msg.metadata)


def _add_thread_info(state: SlackState, channel_id: str, msg: Message, body: dict[str, Any]) -> None:
    if msg.is_reply:
        body["thread_ts"] = msg.thread_ts
        parent = next((m for m in state.messages.get(channel_id, ()) if m.ts == msg.thread_ts), None)
        body["parent_user_id"] = parent.user if parent else None
        if msg.reply_broadcast:
            body["subtype"] = "thread_broadcast"
        return
    replies = state.replies(channel_id, msg.ts)
    if replies:
        body.update(
            thread_ts=msg.ts,
            reply_count=len(replies),
            reply_users=sorted({r.user for r in replies}),
            reply_users_count=len({r.user for r in replies}),
            latest_reply=replies[-1].ts,
        )


def user(state: SlackState, u: User) -> dict[str, Any]:
    """A user object as users.info/list return it."""
    profile: dict[str, Any] = {
        "real_name": u.real_name,
        "display_name": u.name,
        "real_name_normalized": u.real_name,
        "display_name_normalized": u.name,
        "team": state.config.team_id,
    }
    if u.email is not None:
        profile["email"] = u.email
    body: dict[str, Any] = {
        "id": u.id,
        "team_id": state.config.team_id,
        "name": u.name,
        "deleted": u.deleted,
        "real_name": u.real_name,
        "tz": "Etc/UTC",
        "tz_offset": 0,
        "profile": profile,
        "is_admin": False,
        "is_owner": False,
        "is_bot": u.is_bot,
        "is_app_user": False,
        "updated": 0,
    }
    if u.is_bot and u.id == state.bot:
        profile["bot_id"] = state.config.bot_id
    return body


def file(state: SlackState, f: StoredFile, base_url: str) -> dict[str, Any]:
    """A file object as files.completeUploadExternal/files.info return it."""
    return {
        "id": f.id,
        "created": f.created,
        "timestamp": f.created,
        "name": f.filename,
        "title": f.title or f.filename,
        "mimetype": "text/plain",
        "filetype": f.filename.rsplit(".", 1)[-1] if "." in f.filename else "text",
        "user": f.user,
        "size": len(f.content or b""),
        "is_public": False,
        "url_private": f"{base_url}/files/{f.id}/{f.filename}",
        "permalink": f"https://fake.slack.com/files/{f.user}/{f.id}/{f.filename}",
        **_file_shares(state, f),
    }


def _file_shares(state: SlackState, f: StoredFile) -> dict[str, Any]:
    """Where a file is shared, both ways Slack says it: `shares` (public/private, with the
    sharing message's ts) and the legacy `channels`, `groups` and `ims` id lists."""
    buckets: dict[str, dict[str, list[dict[str, Any]]]] = {"public": {}, "private": {}}
    legacy: dict[str, list[str]] = {"channels": [], "groups": [], "ims": []}
    for channel_id, ts in f.shares.items():
        channel = state.channels[channel_id]
        private = channel.is_private or bool(channel.dm_user)
        buckets["private" if private else "public"][channel_id] = [{"ts": ts, "channel_name": channel.name}]
        legacy["ims" if channel.dm_user else "groups" if channel.is_private else "channels"].append(channel_id)
    return {"shares": {k: v for k, v in buckets.items() if v}, **legacy}


def snapshot(channel: Channel) -> dict[str, Any]:
    """What a test sees of a channel: ``topic``/``purpose`` as plain strings, ``members`` a set."""
    return {
        "id": channel.id,
        "name": channel.name,
        "is_private": channel.is_private,
        "is_archived": channel.is_archived,
        "creator": channel.creator,
        "topic": channel.topic.value,
        "purpose": channel.purpose.value,
        "members": set(channel.members),
    }
