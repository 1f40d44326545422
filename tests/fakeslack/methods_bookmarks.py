"""bookmarks.add and bookmarks.list: link bookmarks in a channel's header (at most 100 a channel)."""

from __future__ import annotations

import time
from typing import Any

from .context import Ctx, Handler
from .errors import SlackError

MAX_BOOKMARKS = 100


def bookmarks_add(ctx: Ctx) -> dict[str, Any]:
    """Only `type=link` exists; the bot must be in the channel."""
    state = ctx.state
    channel = state.get_channel(ctx.params.required("channel_id", "channel_not_found"))
    state.require_member(channel)
    title = ctx.params.required("title", "invalid_arguments")
    if ctx.params.required("type", "invalid_arguments") != "link":
        raise SlackError("invalid_bookmark_type")
    link = ctx.params.required("link", "invalid_arguments")
    if not link.startswith(("http://", "https://")):
        raise SlackError("invalid_link")
    found = state.bookmarks.setdefault(channel.id, [])
    if len(found) >= MAX_BOOKMARKS:
        raise SlackError("too_many_bookmarks")
    bookmark = {
        "id": state.next_id("Bk"),
        "channel_id": channel.id,
        "title": title,
        "link": link,
        "type": "link",
        "date_created": int(time.time()),
    }
    found.append(bookmark)
    return {"bookmark": dict(bookmark)}


def bookmarks_list(ctx: Ctx) -> dict[str, Any]:
    state = ctx.state
    channel = state.visible_channel(ctx.params.required("channel_id", "channel_not_found"))
    return {"bookmarks": [dict(b) for b in state.bookmarks.get(channel.id, [])]}


METHODS: dict[str, Handler] = {"bookmarks.add": bookmarks_add, "bookmarks.list": bookmarks_list}
