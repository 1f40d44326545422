"""response_url endpoints (``/respond/<id>``), as used for slash commands and actions.

When the URL is tied to a channel (and optionally a user and original message),
the payload also becomes visible the way Slack shows it: an in-channel bot
message, an ephemeral, or an edit/deletion of the original message.
"""

from __future__ import annotations

from typing import Any

from .models import Message, ResponseUrl, copy_json
from .state import SlackState

#: Slack lets a response_url be used five times.
MAX_USES = 5


def receive_response(state: SlackState, url_id: str, payload: Any) -> tuple[int, str]:
    """Record a POST to a response_url; returns (HTTP status, body text)."""
    url = state.response_urls.get(url_id)
    if url is None:
        return 404, "no_such_url"
    if not isinstance(payload, dict):
        return 400, "invalid_payload"
    if len(url.payloads) >= MAX_USES:
        return 404, "used_url"
    url.payloads.append(copy_json(payload))
    if url.channel is not None and url.channel in state.channels:
        _apply(state, url, payload)
    return 200, "ok"


def _original(state: SlackState, url: ResponseUrl) -> Message | None:
    messages = state.messages.get(url.channel or "", [])
    return next((m for m in messages if m.ts == url.message_ts), None)


def _apply(state: SlackState, url: ResponseUrl, payload: dict[str, Any]) -> None:
    original = _original(state, url)
    channel = state.channels[url.channel or ""]
    if payload.get("delete_original") and original is not None:
        state.delete_message(channel.id, original)
        return
    text, blocks = str(payload.get("text") or ""), payload.get("blocks")
    if payload.get("replace_original") and original is not None:
        original.text, original.blocks = text, blocks
        original.edited = {"user": state.bot, "ts": state.next_ts()}
    elif payload.get("response_type") == "in_channel":
        thread_ts = payload.get("thread_ts")
        state.add_message(
            channel, user=state.bot, text=text, blocks=blocks, thread_ts=str(thread_ts) if thread_ts else None
        )
    elif url.user is not None:
        state.ephemerals.append({"channel": channel.id, "user": url.user, "text": text, "blocks": blocks})
