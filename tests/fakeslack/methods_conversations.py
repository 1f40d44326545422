"""conversations.* methods."""

from __future__ import annotations

import time
from typing import Any

from . import render
from .context import Ctx, Handler
from .errors import SlackError, invalid_arguments
from .models import Channel, Label, Message
from .params import decode_cursor, encode_cursor, paginate
from .state import SlackState, parse_ts
from .validation import validate_channel_name

_CHANNEL_TYPES = frozenset({"public_channel", "private_channel", "mpim", "im"})
_TOPIC_MAX = 250


def _channel_body(ctx: Ctx, channel: Channel) -> dict[str, Any]:
    return {"channel": render.channel(ctx.state, channel)}


def create(ctx: Ctx) -> dict[str, Any]:
    """Create a channel; the bot becomes its creator and only member."""
    name = validate_channel_name(ctx.params.text("name"))
    state = ctx.state
    if state.channel_named(name) is not None:
        raise SlackError("name_taken")
    channel = state.create_channel(
        name, is_private=ctx.params.flag("is_private"), creator=state.bot, members={state.bot}
    )
    return _channel_body(ctx, channel)


def invite(ctx: Ctx) -> dict[str, Any]:
    """Invite users; Slack errors when nobody new would be added."""
    state = ctx.state
    channel = state.get_channel(ctx.params.required("channel", "channel_not_found"))
    state.require_active(channel)
    state.require_member(channel)
    users = ctx.params.csv("users")
    if not users:
        raise SlackError("no_user")
    for user_id in users:
        if user_id == state.bot:
            raise SlackError("cant_invite_self")
        state.get_user(user_id)
    new = [u for u in users if u not in channel.members]
    if not new:
        raise SlackError("already_in_channel")
    channel.members.update(new)
    return _channel_body(ctx, channel)


def kick(ctx: Ctx) -> dict[str, Any]:
    """Remove a user from a channel."""
    state = ctx.state
    channel = state.get_channel(ctx.params.required("channel", "channel_not_found"))
    state.require_member(channel)
    user_id = ctx.params.required("user", "user_not_found")
    if user_id == state.bot:
        raise SlackError("cant_kick_self")
    state.get_user(user_id)
    if user_id not in channel.members:
        raise SlackError("not_in_channel")
    channel.members.discard(user_id)
    return {}


def join(ctx: Ctx) -> dict[str, Any]:
    """Join a public channel (private ones need an invite)."""
    state = ctx.state
    channel = state.get_channel(ctx.params.required("channel", "channel_not_found"))
    if channel.is_private or channel.is_im:
        raise SlackError("method_not_supported_for_channel_type")
    state.require_active(channel)
    if state.bot in channel.members:
        return {
            **_channel_body(ctx, channel),
            "warning": "already_in_channel",
            "response_metadata": {"warnings": ["already_in_channel"]},
        }
    channel.members.add(state.bot)
    return _channel_body(ctx, channel)


def leave(ctx: Ctx) -> dict[str, Any]:
    """Leave a channel."""
    state = ctx.state
    channel = state.visible_channel(ctx.params.required("channel", "channel_not_found"))
    if state.bot not in channel.members:
        return {"not_in_channel": True}
    channel.members.discard(state.bot)
    return {}


def info(ctx: Ctx) -> dict[str, Any]:
    """Channel details, including ``is_member`` for the bot."""
    channel = ctx.state.visible_channel(ctx.params.required("channel", "channel_not_found"))
    return {"channel": render.channel(ctx.state, channel, num_members=ctx.params.flag("include_num_members"))}


def _listable(state: SlackState, channel: Channel, types: set[str], exclude_archived: bool) -> bool:
    if exclude_archived and channel.is_archived:
        return False
    if channel.is_im:
        return "im" in types
    if channel.is_private:
        return "private_channel" in types and state.bot in channel.members
    return "public_channel" in types


def list_(ctx: Ctx) -> dict[str, Any]:
    """conversations.list with types/exclude_archived and cursor pagination."""
    types = set(ctx.params.csv("types") or ["public_channel"])
    if not types <= _CHANNEL_TYPES:
        raise SlackError("invalid_types")
    state = ctx.state
    exclude = ctx.params.flag("exclude_archived")
    matching = [c for c in state.channels.values() if _listable(state, c, types, exclude)]
    page, next_cursor = paginate(matching, ctx.params.text("cursor"), _limit(ctx, 100))
    return {"channels": [render.channel(state, c) for c in page], "response_metadata": {"next_cursor": next_cursor}}


def _limit(ctx: Ctx, default: int) -> int:
    limit = ctx.params.number("limit", default)
    if limit < 0:
        raise invalid_arguments("limit must be a positive integer")
    return min(limit, 1000) if limit else default


def members(ctx: Ctx) -> dict[str, Any]:
    """Member ids of a channel, paginated."""
    channel = ctx.state.visible_channel(ctx.params.required("channel", "channel_not_found"))
    page, next_cursor = paginate(sorted(channel.members), ctx.params.text("cursor"), _limit(ctx, 100))
    return {"members": page, "response_metadata": {"next_cursor": next_cursor}}


def users_conversations(ctx: Ctx) -> dict[str, Any]:
    """The channels `user` is in (default: the bot). With a bot token, as on Slack, a private
    channel is listed only when the bot is in it too."""
    state = ctx.state
    user = ctx.params.text("user") or state.bot
    state.get_user(user)
    types = set(ctx.params.csv("types") or ["public_channel"])
    if not types <= _CHANNEL_TYPES:
        raise SlackError("invalid_types")
    exclude = ctx.params.flag("exclude_archived")
    joined = [c for c in state.channels.values() if user in c.members and _listable(state, c, types, exclude)]
    page, next_cursor = paginate(joined, ctx.params.text("cursor"), _limit(ctx, 100))
    return {"channels": [render.channel(state, c) for c in page], "response_metadata": {"next_cursor": next_cursor}}


def _set_label(ctx: Ctx, attribute: str) -> dict[str, Any]:
    state = ctx.state
    channel = state.get_channel(ctx.params.required("channel", "channel_not_found"))
    state.require_active(channel)
    state.require_member(channel)
    value = ctx.params.text(attribute, "") or ""
    if len(value) > _TOPIC_MAX:
        raise SlackError("too_long")
    setattr(channel, attribute, Label(value, state.bot, int(time.time())))
    return _channel_body(ctx, channel)


def set_topic(ctx: Ctx) -> dict[str, Any]:
    """Set the channel topic (bot must be a member, ≤ 250 chars)."""
    return _set_label(ctx, "topic")


def set_purpose(ctx: Ctx) -> dict[str, Any]:
    """Set the channel purpose (bot must be a member, ≤ 250 chars)."""
    return _set_label(ctx, "purpose")


def _readable_history(ctx: Ctx) -> Channel:
    channel = ctx.state.visible_channel(ctx.params.required("channel", "channel_not_found"))
    ctx.state.require_member(channel)
    return channel


def _in_window(msg: Message, ctx: Ctx) -> bool:
    p = ctx.params
    ts = parse_ts(msg.ts)
    inclusive = p.flag("inclusive")
    latest, oldest = p.text("latest"), p.text("oldest")
    if latest is not None:
        bound = parse_ts(latest, "invalid_ts_latest")
        if ts > bound or (ts == bound and not inclusive):
            return False
    if oldest is not None:
        bound = parse_ts(oldest, "invalid_ts_oldest")
        if ts < bound or (ts == bound and not inclusive):
            return False
    return True


def history(ctx: Ctx) -> dict[str, Any]:
    """Top-level messages (and thread broadcasts), newest first, with latest/oldest/inclusive/limit."""
    state = ctx.state
    channel = _readable_history(ctx)
    wanted = [m for m in state.messages[channel.id] if (not m.is_reply or m.reply_broadcast) and _in_window(m, ctx)]
    wanted.reverse()
    start = decode_cursor(ctx.params.text("cursor"))
    limit = _limit(ctx, 100)
    page = wanted[start : start + limit]
    has_more = start + limit < len(wanted)
    include_metadata = ctx.params.flag("include_all_metadata")
    return {
        "messages": [render.message(state, channel.id, m, include_metadata=include_metadata) for m in page],
        "has_more": has_more,
        "pin_count": len(state.pins.get(channel.id, [])),
        "channel_actions_ts": None,
        "channel_actions_count": 0,
        "response_metadata": {"next_cursor": encode_cursor(start + limit) if has_more else ""},
    }


def replies(ctx: Ctx) -> dict[str, Any]:
    """A thread: the parent then its replies, oldest first."""
    state = ctx.state
    channel = _readable_history(ctx)
    ts = ctx.params.required("ts", "thread_not_found")
    try:
        parent = state.find_message(channel.id, ts)
    except SlackError as exc:
        raise SlackError("thread_not_found") from exc
    root = parent.thread_ts or parent.ts
    thread = [state.find_message(channel.id, root), *state.replies(channel.id, root)]
    thread = [m for m in thread if _in_window(m, ctx)]
    page, next_cursor = paginate(thread, ctx.params.text("cursor"), _limit(ctx, 1000))
    return {
        "messages": [render.message(state, channel.id, m) for m in page],
        "has_more": bool(next_cursor),
        "response_metadata": {"next_cursor": next_cursor},
    }


def archive(ctx: Ctx) -> dict[str, Any]:
    """Archive a channel the bot is in."""
    state = ctx.state
    channel = state.get_channel(ctx.params.required("channel", "channel_not_found"))
    if channel.is_im:
        raise SlackError("method_not_supported_for_channel_type")
    if channel.is_archived:
        raise SlackError("already_archived")
    state.require_member(channel)
    channel.is_archived = True
    return {}


def unarchive(ctx: Ctx) -> dict[str, Any]:
    """Unarchive a channel."""
    channel = ctx.state.visible_channel(ctx.params.required("channel", "channel_not_found"))
    if not channel.is_archived:
        raise SlackError("not_archived")
    channel.is_archived = False
    return {}


def open_(ctx: Ctx) -> dict[str, Any]:
    """Open (or find) the bot's DM with one user."""
    users = ctx.params.csv("users")
    if ctx.params.text("channel"):
        channel = ctx.state.visible_channel(ctx.params.text("channel"))
    elif len(users) == 1:
        channel = ctx.state.open_dm(users[0])
    elif not users:
        raise SlackError("users_list_not_supplied")
    else:
        raise invalid_arguments("fakeslack does not model multi-person DMs")
    if ctx.params.flag("return_im"):
        return _channel_body(ctx, channel)
    return {"channel": {"id": channel.id}}


METHODS: dict[str, Handler] = {
    "conversations.create": create,
    "conversations.invite": invite,
    "conversations.kick": kick,
    "conversations.join": join,
    "conversations.leave": leave,
    "conversations.info": info,
    "conversations.list": list_,
    "conversations.members": members,
    "conversations.setTopic": set_topic,
    "conversations.setPurpose": set_purpose,
    "conversations.history": history,
    "conversations.replies": replies,
    "conversations.archive": archive,
    "conversations.unarchive": unarchive,
    "conversations.open": open_,
    "users.conversations": users_conversations,
}
