"""pins.* and reactions.* methods (things attached to an existing message)."""

from __future__ import annotations

import re
import time
from typing import Any

from . import render
from .context import Ctx, Handler
from .errors import SlackError
from .models import Channel, Message

_EMOJI_NAME_RE = re.compile(r"^[a-z0-9_+'\-]+(::skin-tone-[2-6])?$")


def _target(ctx: Ctx, *, require_member: bool = True) -> tuple[Channel, Message]:
    """Channel + message addressed by ``channel``/``timestamp``.

    Writes report ``not_in_channel`` even for private channels (like chat.postMessage
    here); reads keep private channels invisible (``channel_not_found``).
    """
    state = ctx.state
    channel_id = ctx.params.required("channel", "channel_not_found")
    if require_member:
        channel = state.get_channel(channel_id)
        state.require_member(channel)
    else:
        channel = state.visible_channel(channel_id)
    ts = ctx.params.required("timestamp", "no_item_specified")
    return channel, state.find_message(channel.id, ts)


def pins_add(ctx: Ctx) -> dict[str, Any]:
    """Pin a message (bot must be in the channel)."""
    channel, message = _target(ctx)
    ctx.state.require_active(channel)
    pins = ctx.state.pins.setdefault(channel.id, [])
    if message.ts in pins:
        raise SlackError("already_pinned")
    pins.append(message.ts)
    return {}


def pins_remove(ctx: Ctx) -> dict[str, Any]:
    """Unpin a message."""
    channel, message = _target(ctx)
    pins = ctx.state.pins.get(channel.id, [])
    if message.ts not in pins:
        raise SlackError("not_pinned")
    pins.remove(message.ts)
    return {}


def pins_list(ctx: Ctx) -> dict[str, Any]:
    """Pinned items of a channel."""
    state = ctx.state
    channel = state.visible_channel(ctx.params.required("channel", "channel_not_found"))
    items = [
        {
            "type": "message",
            "channel": channel.id,
            "created": int(time.time()),
            "created_by": state.bot,
            "message": render.message(state, channel.id, state.find_message(channel.id, ts)),
        }
        for ts in state.pins.get(channel.id, [])
    ]
    return {"items": items}


def _emoji_name(ctx: Ctx) -> str:
    name = ctx.params.required("name", "invalid_name")
    if not _EMOJI_NAME_RE.match(name):
        raise SlackError("invalid_name")
    return name


def reactions_add(ctx: Ctx) -> dict[str, Any]:
    """Add the bot's reaction (``already_reacted`` on repeats)."""
    name = _emoji_name(ctx)
    channel, message = _target(ctx)
    ctx.state.require_active(channel)
    users = ctx.state.reactions.setdefault((channel.id, message.ts), {}).setdefault(name, [])
    if ctx.state.bot in users:
        raise SlackError("already_reacted")
    users.append(ctx.state.bot)
    return {}


def reactions_remove(ctx: Ctx) -> dict[str, Any]:
    """Remove the bot's reaction."""
    name = _emoji_name(ctx)
    channel, message = _target(ctx)
    reactions = ctx.state.reactions.get((channel.id, message.ts), {})
    if ctx.state.bot not in reactions.get(name, []):
        raise SlackError("no_reaction")
    reactions[name].remove(ctx.state.bot)
    if not reactions[name]:
        del reactions[name]
    return {}


def reactions_get(ctx: Ctx) -> dict[str, Any]:
    """Reactions on one message (in ``message.reactions`` like Slack)."""
    channel, message = _target(ctx, require_member=False)
    return {"type": "message", "channel": channel.id, "message": render.message(ctx.state, channel.id, message)}


METHODS: dict[str, Handler] = {
    "pins.add": pins_add,
    "pins.remove": pins_remove,
    "pins.list": pins_list,
    "reactions.add": reactions_add,
    "reactions.remove": reactions_remove,
    "reactions.get": reactions_get,
}
