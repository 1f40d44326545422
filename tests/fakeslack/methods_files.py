"""Files v2 upload flow: getUploadURLExternal → POST bytes → completeUploadExternal.

The middle step is :func:`receive_upload`, called by the HTTP server for
``/upload/<file_id>``; sharing happens only on completion, as in Slack.
"""

from __future__ import annotations

import time
from typing import Any

from . import render
from .context import Ctx, Handler
from .errors import SlackError, invalid_arguments
from .models import Channel, StoredFile
from .state import SlackState


def get_upload_url(ctx: Ctx) -> dict[str, Any]:
    """Register a pending file and hand out its upload URL."""
    filename = ctx.params.required("filename")
    length = ctx.params.number("length", -1)
    if length < 0:
        raise invalid_arguments("missing required field: length")
    state = ctx.state
    stored = StoredFile(state.next_id("F"), filename, length, int(time.time()), state.bot)
    state.files[stored.id] = stored
    return {"upload_url": f"{ctx.base_url}/upload/{stored.id}", "file_id": stored.id}


def receive_upload(state: SlackState, file_id: str, content: bytes) -> bool:
    """Store uploaded bytes; False when the upload URL is unknown or already completed."""
    stored = state.files.get(file_id)
    if stored is None or stored.completed:
        return False
    stored.content = content
    return True


def _requested_files(ctx: Ctx) -> list[tuple[StoredFile, str | None]]:
    entries = ctx.params.raw("files")
    if not isinstance(entries, list) or not entries:
        raise invalid_arguments("missing required field: files")
    found: list[tuple[StoredFile, str | None]] = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("id"):
            raise invalid_arguments("files must be a JSON array of {id, title}")
        stored = ctx.state.files.get(str(entry["id"]))
        if stored is None or stored.completed:
            raise SlackError("file_not_found")
        if stored.content is None:
            raise invalid_arguments(f"file {stored.id} has not been uploaded")
        found.append((stored, entry.get("title")))
    return found


def _share_targets(ctx: Ctx) -> list[Channel]:
    targets = [ctx.params.text("channel_id")] if ctx.params.text("channel_id") else ctx.params.csv("channels")
    return [ctx.state.postable_channel(t) for t in targets if t]


def complete_upload(ctx: Ctx) -> dict[str, Any]:
    """Finish uploads and share them as one bot message per channel."""
    state = ctx.state
    files = _requested_files(ctx)
    channels = _share_targets(ctx)
    thread_ts = ctx.params.text("thread_ts")
    roots = {c.id: state.thread_root(c.id, thread_ts) if thread_ts else None for c in channels}
    for stored, title in files:
        stored.completed = True
        stored.title = str(title) if title else stored.filename
        stored.channels = [c.id for c in channels]
    rendered = [render.file(state, f, ctx.base_url) for f, _ in files]
    for channel in channels:
        message = state.add_message(
            channel,
            user=state.bot,
            text=ctx.params.text("initial_comment", "") or "",
            files=rendered,
            thread_ts=roots[channel.id],
        )
        for stored, _ in files:
            stored.shares[channel.id] = message.ts
    return {"files": [{"id": f["id"], "title": f["title"]} for f in rendered]}


def files_info(ctx: Ctx) -> dict[str, Any]:
    """A completed file's metadata."""
    stored = ctx.state.files.get(ctx.params.required("file", "file_not_found"))
    if stored is None or not stored.completed:
        raise SlackError("file_not_found")
    return {"file": render.file(ctx.state, stored, ctx.base_url)}


def files_upload_v1(ctx: Ctx) -> dict[str, Any]:
    """files.upload is retired for new apps; a bot still calling it must notice."""
    raise SlackError("method_deprecated")


METHODS: dict[str, Handler] = {
    "files.getUploadURLExternal": get_upload_url,
    "files.completeUploadExternal": complete_upload,
    "files.info": files_info,
    "files.upload": files_upload_v1,
}
