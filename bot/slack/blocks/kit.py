"""Small Block Kit constructors that keep every block inside Slack's limits."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.slack.mrkdwn import escape

Block = dict[str, Any]
SECTION_LIMIT = 3000
FIELD_LIMIT = 2000
HEADER_LIMIT = 150
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_ESCAPED_SIZE = {"&": 5, "<": 4, ">": 4}  # `&amp;`, `&lt;`, `&gt;`; every other character stays one


def fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_many_as_fit(lines: list[str], limit: int, more: Callable[[int], str]) -> str:
    """The first lines that fit `limit`, then `more(n)` saying how many were left out: a long list
    is shortened in the open, never cut mid-line by `fit`. No lines: nothing, not "0 more"."""
    if not lines:
        return ""
    for shown in range(len(lines), 0, -1):
        rest = len(lines) - shown
        text = "\n".join([*lines[:shown], more(rest)] if rest else lines)
        if len(text) <= limit:
            return text
    return more(len(lines))


def mention(user_id: str | None) -> str:
    """A live mention only for a Slack user ID; anything else (a policy's e-mail) shows as written."""
    if not user_id:
        return "_nobody yet_"
    return f"<@{user_id}>" if _USER_ID.fullmatch(user_id) else escape(user_id)


def section(text: str, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": fit(text, SECTION_LIMIT)}}
    if block_id:
        block["block_id"] = block_id
    return block


def fields(*pairs: tuple[str, str]) -> Block:
    return {
        "type": "section",
        "fields": [{"type": "mrkdwn", "text": fit(f"*{k}*\n{v}", FIELD_LIMIT)} for k, v in pairs[:10]],
    }


def header(text: str, block_id: str | None = None) -> Block:
    block: Block = {"type": "header", "text": {"type": "plain_text", "text": fit(text, HEADER_LIMIT), "emoji": True}}
    if block_id:
        block["block_id"] = block_id
    return block


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": fit(text, SECTION_LIMIT)}]}


def button(text: str, action_id: str, value: str | None, style: str | None = None) -> Block:
    element: Block = {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": action_id}
    if value:  # optional in Slack, and never empty
        element["value"] = value
    if style:
        element["style"] = style
    return element


def confirm(title: str, text: str, yes: str) -> Block:
    return {
        "title": {"type": "plain_text", "text": title},
        "text": {"type": "mrkdwn", "text": text},
        "confirm": {"type": "plain_text", "text": yes},
        "deny": {"type": "plain_text", "text": "Cancel"},
    }


def plain(text: str, limit: int = 75) -> Block:
    return {"type": "plain_text", "text": fit(text, limit)}


def quoted(text: str, limit: int) -> str:
    """Outside text escaped and cut to `limit` characters with "…", never inside an escape (`&amp;`)."""
    shown = escape(text)
    if len(shown) <= limit:
        return shown
    size = kept = 0
    for char in text:
        size += _ESCAPED_SIZE.get(char, 1)  # at most what escape makes of it
        if size > limit - 1:
            break
        kept += 1
    while len(escape(text[: kept + 1])) < limit:  # a quote mark is shorter than its `&gt;`: take more
        kept += 1
    return escape(text[:kept]) + "…"
