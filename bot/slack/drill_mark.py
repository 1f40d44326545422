"""The 🧪 DRILL mark on every message the bot posts about a drill: the card, channel lines, nudges,
pages, updates, announcements, the postmortem upload, and whatever a later feature posts. It is put
on at the one place every outbox post passes (bot/slack/outbox_client.py), so no message builder
needs to know about drills and none can forget: a context block on top, and a prefix on the
fallback text that notifications and screen readers show."""

from __future__ import annotations

from typing import Any

from bot.slack.blocks.kit import Block, context

MARK_ID = "drill-mark"
PREFIX = "🧪 DRILL · "
NOTE = {**context("🧪 *DRILL* · practice, not a real incident"), "block_id": MARK_ID}
MESSAGES = frozenset({"chat.postMessage", "chat.update", "chat.postEphemeral"})
MAX_BLOCKS = 50  # Slack's per-message limit


def marked(api_method: str, call: dict[str, Any]) -> dict[str, Any]:
    """A Web API call's arguments (`json=` or `params=`), with the mark where the call posts text."""
    if api_method in MESSAGES and isinstance(call.get("json"), dict):
        return {**call, "json": _message(call["json"])}
    if api_method == "files.completeUploadExternal" and isinstance(call.get("params"), dict):
        params = call["params"]
        return {**call, "params": {**params, "initial_comment": prefixed(params.get("initial_comment") or "")}}
    return call


def _message(body: dict[str, Any]) -> dict[str, Any]:
    marked_body = {**body, "text": prefixed(body.get("text") or "")}
    if isinstance(body.get("blocks"), list):
        marked_body["blocks"] = _blocks(body["blocks"])
    return marked_body


def prefixed(text: str) -> str:
    return text if text.startswith(PREFIX) else PREFIX + text


def _blocks(blocks: list[Block]) -> list[Block]:
    """The note on top; a message already at Slack's block limit gets the prefix in its first block."""
    if blocks and blocks[0].get("block_id") == MARK_ID:
        return blocks
    if len(blocks) < MAX_BLOCKS:
        return [NOTE, *blocks]
    first, text = blocks[0], blocks[0].get("text")
    if isinstance(text, dict):
        first = {**first, "text": {**text, "text": prefixed(text.get("text", ""))}}
    return [first, *blocks[1:]]


def unmarked(blocks: list[Block]) -> list[Block]:
    """A posted message's blocks as its builder made them (how a retry recognises its own post)."""
    return blocks[1:] if blocks and blocks[0].get("block_id") == MARK_ID else blocks
