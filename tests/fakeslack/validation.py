"""Validation of channel names, Block Kit blocks and modal views.

Only the limits a bot realistically trips over are enforced, but those are
enforced exactly at Slack's documented thresholds and reported with Slack's
``[json-pointer:...]`` style so a failing test shows where the payload is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .errors import SlackError, invalid_arguments, invalid_blocks

CHANNEL_NAME_MAX = 80
MESSAGE_TEXT_MAX = 40000
MESSAGE_BLOCKS_MAX = 50
CHECKBOX_OPTIONS_MAX = 10
VIEW_BLOCKS_MAX = 100
_CHANNEL_NAME_RE = re.compile(r"^[a-z0-9_-]+$")
_TEXT_TYPES = frozenset({"plain_text", "mrkdwn"})

Problems = list[str]


def validate_channel_name(name: str | None) -> str:
    """Apply conversations.create's naming rules, raising Slack's error codes."""
    if not name:
        raise SlackError("invalid_name_required")
    if len(name) > CHANNEL_NAME_MAX:
        raise SlackError("invalid_name_maxlength")
    if not _CHANNEL_NAME_RE.match(name):
        raise SlackError("invalid_name_specials")
    if not re.search(r"[a-z0-9]", name):
        raise SlackError("invalid_name_punctuation")
    return name


def _too_long(limit: int, pointer: str) -> str:
    return f"must be less than {limit + 1} characters [json-pointer:{pointer}]"


def _check_text(obj: Any, pointer: str, limit: int, problems: Problems, *, plain: bool = False) -> None:
    """A composition text object: right type, non-empty, within ``limit``."""
    if not isinstance(obj, dict):
        problems.append(f"must provide an object [json-pointer:{pointer}]")
        return
    allowed = {"plain_text"} if plain else _TEXT_TYPES
    if obj.get("type") not in allowed:
        problems.append(f"must be one of {sorted(allowed)} [json-pointer:{pointer}/type]")
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        problems.append(f"must be more than 0 characters [json-pointer:{pointer}/text]")
    elif len(text) > limit:
        problems.append(_too_long(limit, f"{pointer}/text"))


def _check_elements(block: dict[str, Any], pointer: str, limit: int, problems: Problems) -> None:
    elements = block.get("elements")
    if not isinstance(elements, list) or not elements:
        problems.append(f"must provide a non-empty array [json-pointer:{pointer}/elements]")
    elif len(elements) > limit:
        problems.append(f"must provide no more than {limit} items [json-pointer:{pointer}/elements]")


def _check_section(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    text, fields = block.get("text"), block.get("fields")
    if text is None and not fields:
        problems.append(f"must provide either text or fields [json-pointer:{pointer}]")
    if text is not None:
        _check_text(text, f"{pointer}/text", 3000, problems)
    if fields is not None:
        if not isinstance(fields, list) or len(fields) > 10:
            problems.append(f"must provide no more than 10 items [json-pointer:{pointer}/fields]")
        else:
            for i, field in enumerate(fields):
                _check_text(field, f"{pointer}/fields/{i}", 2000, problems)


def _check_header(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    _check_text(block.get("text"), f"{pointer}/text", 150, problems, plain=True)


def _check_context(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    _check_elements(block, pointer, 10, problems)


def _check_actions(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    _check_elements(block, pointer, 25, problems)
    for i, element in enumerate(block.get("elements") or []):
        if isinstance(element, dict) and element.get("type") == "checkboxes":
            _check_checkboxes(element, f"{pointer}/elements/{i}", problems)


def _check_checkboxes(element: dict[str, Any], pointer: str, problems: Problems) -> None:
    """1–10 options, each with text ≤ 75 characters and a value ≤ 150; initial_options among them."""
    options = element.get("options")
    if not isinstance(options, list) or not 1 <= len(options) <= CHECKBOX_OPTIONS_MAX:
        problems.append(f"must provide between 1 and {CHECKBOX_OPTIONS_MAX} items [json-pointer:{pointer}/options]")
        return
    for i, option in enumerate(options):
        _check_text(option.get("text"), f"{pointer}/options/{i}/text", 75, problems)
        if not isinstance(option.get("value"), str) or len(option["value"]) > 150:
            problems.append(_too_long(150, f"{pointer}/options/{i}/value"))
    initial = element.get("initial_options")
    if initial is not None and (not isinstance(initial, list) or not initial or any(o not in options for o in initial)):
        problems.append(f"must match the options exactly and not be empty [json-pointer:{pointer}/initial_options]")


def _check_image(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    if not block.get("image_url") and not block.get("slack_file"):
        problems.append(f"must provide image_url or slack_file [json-pointer:{pointer}]")
    alt = block.get("alt_text")
    if not isinstance(alt, str) or not alt:
        problems.append(f"missing required field: alt_text [json-pointer:{pointer}/alt_text]")


def _check_input(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    _check_text(block.get("label"), f"{pointer}/label", 2000, problems, plain=True)
    if not isinstance(block.get("element"), dict):
        problems.append(f"missing required field: element [json-pointer:{pointer}/element]")


def _check_nothing(block: dict[str, Any], pointer: str, problems: Problems) -> None:
    """Block types accepted without inner checks."""


_BLOCK_CHECKS: dict[str, Callable[[dict[str, Any], str, Problems], None]] = {
    "section": _check_section,
    "header": _check_header,
    "context": _check_context,
    "actions": _check_actions,
    "image": _check_image,
    "input": _check_input,
    "divider": _check_nothing,
    "file": _check_nothing,
    "rich_text": _check_nothing,
    "video": _check_nothing,
    "markdown": _check_nothing,
    "table": _check_nothing,
}


def check_blocks(blocks: list[Any], *, limit: int, pointer: str) -> Problems:
    """Every problem in a block list, as Slack-style strings (empty when valid)."""
    problems: Problems = []
    if len(blocks) > limit:
        problems.append(f"must provide no more than {limit} items [json-pointer:{pointer}]")
    seen_ids: set[str] = set()
    for i, block in enumerate(blocks):
        here = f"{pointer}/{i}"
        if not isinstance(block, dict) or block.get("type") not in _BLOCK_CHECKS:
            problems.append(
                f"unsupported type: {block.get('type') if isinstance(block, dict) else block!r} "
                f"[json-pointer:{here}/type]"
            )
            continue
        _check_block_id(block, here, seen_ids, problems)
        _BLOCK_CHECKS[block["type"]](block, here, problems)
    return problems


def _check_block_id(block: dict[str, Any], pointer: str, seen: set[str], problems: Problems) -> None:
    block_id = block.get("block_id")
    if block_id is None:
        return
    if not isinstance(block_id, str) or len(block_id) > 255:
        problems.append(_too_long(255, f"{pointer}/block_id"))
    elif block_id in seen:
        problems.append(f"duplicate block_id [json-pointer:{pointer}/block_id]")
    seen.add(str(block_id))


def validate_message_blocks(blocks: Any) -> list[Any]:
    """Validate chat.* ``blocks``; raise ``invalid_blocks_format``/``invalid_blocks``."""
    if not isinstance(blocks, list):
        raise SlackError("invalid_blocks_format")
    problems = check_blocks(blocks, limit=MESSAGE_BLOCKS_MAX, pointer="/blocks")
    if problems:
        raise invalid_blocks(problems)
    return blocks


def validate_metadata(metadata: Any) -> dict[str, Any] | None:
    """Message metadata must be ``{"event_type": str, "event_payload": dict}``."""
    if metadata is None or metadata == "":
        return None
    if not isinstance(metadata, dict):
        raise SlackError("invalid_metadata_format")
    if not isinstance(metadata.get("event_type"), str) or not isinstance(metadata.get("event_payload"), dict):
        raise SlackError("invalid_metadata_schema")
    return metadata


_VIEW_STRING_LIMITS = {"callback_id": 255, "private_metadata": 3000, "external_id": 255}


def validate_view(view: Any, *, allowed_types: frozenset[str]) -> dict[str, Any]:
    """Validate a views.* payload; raise ``invalid_arguments`` listing every problem."""
    if isinstance(view, str):
        raise invalid_arguments("failed to parse json [json-pointer:/view]")
    if not isinstance(view, dict):
        raise invalid_arguments("missing required field: view")
    problems: Problems = []
    if view.get("type") not in allowed_types:
        problems.append(f"must be one of {sorted(allowed_types)} [json-pointer:/view/type]")
    if view.get("type") == "modal":
        _check_modal_buttons(view, problems)
    _check_view_blocks(view.get("blocks"), problems)
    for key, limit in _VIEW_STRING_LIMITS.items():
        value = view.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            problems.append(_too_long(limit, f"/view/{key}"))
    if problems:
        raise invalid_arguments(*problems)
    return view


def _check_modal_buttons(view: dict[str, Any], problems: Problems) -> None:
    if view.get("title") is None:
        problems.append("missing required field: title [json-pointer:/view/title]")
    else:
        _check_text(view["title"], "/view/title", 24, problems, plain=True)
    for key in ("submit", "close"):
        if view.get(key) is not None:
            _check_text(view[key], f"/view/{key}", 24, problems, plain=True)
    blocks = view.get("blocks")
    has_input = isinstance(blocks, list) and any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
    if has_input and view.get("submit") is None:
        problems.append("must provide submit when input blocks are present [json-pointer:/view/submit]")


def _check_view_blocks(blocks: Any, problems: Problems) -> None:
    if not isinstance(blocks, list):
        problems.append("missing required field: blocks [json-pointer:/view/blocks]")
        return
    problems.extend(check_blocks(blocks, limit=VIEW_BLOCKS_MAX, pointer="/view/blocks"))
