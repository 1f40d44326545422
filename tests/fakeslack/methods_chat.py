"""chat.* methods."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import render
from .context import Ctx, Handler
from .errors import SlackError
from .models import Channel, Message, copy_json
from .params import Params
from .validation import MESSAGE_TEXT_MAX, validate_message_blocks, validate_metadata


@dataclass
class Content:
    """Validated message content; ``None`` fields were not sent (chat.update keeps them)."""

    text: str | None
    blocks: list[Any] | None
    attachments: list[Any] | None

    @property
    def empty(self) -> bool:
        """True when Slack would answer ``no_text``."""
        return not self.text and not self.blocks and not self.attachments


def read_content(params: Params) -> Content:
    """Validate text/blocks/attachments the way chat.postMessage does."""
    text = params.raw("text")
    text = None if text is None else str(text)
    if text is not None and len(text) > MESSAGE_TEXT_MAX:
        raise SlackError("msg_too_long")
    blocks = params.raw("blocks")
    blocks = None if blocks in (None, "") else copy_json(validate_message_blocks(blocks))
    attachments = params.raw("attachments")
    if attachments in (None, "") or not isinstance(attachments, list):
        attachments = None
    return Content(text, blocks, attachments)


def _thread(ctx: Ctx, channel: Channel) -> str | None:
    thread_ts = ctx.params.text("thread_ts")
    return ctx.state.thread_root(channel.id, thread_ts) if thread_ts else None


def post_message(ctx: Ctx) -> dict[str, Any]:
    """Post as the bot; a user id as ``channel`` opens a DM like Slack does."""
    state = ctx.state
    channel = state.postable_channel(ctx.params.required("channel", "channel_not_found"))
    content = read_content(ctx.params)
    if content.empty:
        raise SlackError("no_text")
    metadata = validate_metadata(ctx.params.raw("metadata"))
    thread_ts = _thread(ctx, channel)
    message = state.add_message(
        channel,
        user=state.bot,
        text=content.text or "",
        blocks=content.blocks,
        attachments=content.attachments,
        thread_ts=thread_ts,
        metadata=metadata,
        reply_broadcast=bool(thread_ts) and ctx.params.flag("reply_broadcast"),
    )
    return {"channel": channel.id, "ts": message.ts, "message": render.message(state, channel.id, message)}


def _own_message(ctx: Ctx, error: str) -> tuple[Channel, Message]:
    state = ctx.state
    channel = state.visible_channel(ctx.params.required("channel", "channel_not_found"))
    message = state.find_message(channel.id, ctx.params.required("ts", "message_not_found"))
    if message.user != state.bot:
        raise SlackError(error)
    return channel, message


def update(ctx: Ctx) -> dict[str, Any]:
    """Edit one of the bot's messages; omitted text/blocks keep their old values."""
    state = ctx.state
    channel, message = _own_message(ctx, "cant_update_message")
    state.require_active(channel)
    content = read_content(ctx.params)
    if content.empty:
        raise SlackError("no_text")
    if content.text is not None:
        message.text = content.text
    if content.blocks is not None:
        message.blocks = content.blocks or None
    if content.attachments is not None:
        message.attachments = content.attachments
    if ctx.params.has("metadata"):
        message.metadata = validate_metadata(ctx.params.raw("metadata"))
    message.edited = {"user": state.bot, "ts": state.next_ts()}
    return {
        "channel": channel.id,
        "ts": message.ts,
        "text": message.text,
        "message": render.message(state, channel.id, message),
    }


def delete(ctx: Ctx) -> dict[str, Any]:
    """Delete one of the bot's messages."""
    channel, message = _own_message(ctx, "cant_delete_message")
    ctx.state.delete_message(channel.id, message)
    return {"channel": channel.id, "ts": message.ts}


def post_ephemeral(ctx: Ctx) -> dict[str, Any]:
    """Ephemeral message, only delivered to a member of the channel."""
    state = ctx.state
    channel = state.postable_channel(ctx.params.required("channel", "channel_not_found"))
    user = ctx.params.required("user", "user_not_in_channel")
    if user not in channel.members:
        raise SlackError("user_not_in_channel")
    content = read_content(ctx.params)
    if content.empty:
        raise SlackError("no_text")
    state.ephemerals.append({"channel": channel.id, "user": user, "text": content.text or "", "blocks": content.blocks})
    return {"message_ts": state.next_ts()}


def get_permalink(ctx: Ctx) -> dict[str, Any]:
    """``https://fake.slack.com/archives/<channel>/p<ts without dot>`` (+ thread query for replies)."""
    state = ctx.state
    channel = state.visible_channel(ctx.params.required("channel", "channel_not_found"))
    message = state.find_message(channel.id, ctx.params.required("message_ts", "message_not_found"))
    link = f"{state.config.team_url}archives/{channel.id}/p{message.ts.replace('.', '')}"
    if message.is_reply:
        link += f"?thread_ts={message.thread_ts}&cid={channel.id}"
    return {"channel": channel.id, "permalink": link}


METHODS: dict[str, Handler] = {
    "chat.postMessage": post_message,
    "chat.update": update,
    "chat.delete": delete,
    "chat.postEphemeral": post_ephemeral,
    "chat.getPermalink": get_permalink,
}
