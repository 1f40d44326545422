"""What a Slack HTTP request body must be, checked strictly: a JSON object (events), a form whose
`payload` field is a JSON object (interactivity), or a plain form (slash commands), in UTF-8.
Anything else is a bad request, said in words, not a traceback."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
OBJECTS = ("user", "view", "event", "channel", "team", "container", "message", "enterprise")  # null allowed
STRINGS = ("type", "response_url", "trigger_id", "callback_id")
#: Objects never null when present, and the fields Slack always sends in them, which Bolt reads
#: without checking (found by fuzzing: a view without `type`, or `"view": null`, was a 500).
NAMED = {"view": ("type", "callback_id"), "event": ("type",), "user": ("id",), "channel": ("id",)}


class BadPayload(ValueError):
    """The body is not something Slack sends; the message says what is wrong with it."""


def parse_payload(raw: bytes, content_type: str) -> dict[str, Any]:
    text = _utf8(raw)
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == JSON:
        return _json_object(text, "the body")
    if media_type != FORM:
        raise BadPayload(f"unsupported Content-Type {media_type or '(none)'!r}")
    form = dict(parse_qsl(text, keep_blank_values=True))
    if "payload" in form:
        return _json_object(form["payload"], "the payload field")
    return form


def _utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadPayload(f"the body is not UTF-8 (byte {error.start})") from None


def _json_object(text: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        raise BadPayload(f"{what} is not JSON") from None
    if not isinstance(value, dict):
        raise BadPayload(f"{what} is a JSON {type(value).__name__}, not an object")
    _check_shape(value)
    return value


def _check_shape(payload: dict[str, Any]) -> None:
    """The envelope's fields have the JSON types Slack gives them, so no listener trips over a string."""
    if wrong := [k for k in STRINGS if not isinstance(payload.get(k, ""), str)]:
        raise BadPayload(f"`{wrong[0]}` is not a string")
    if wrong := [k for k in OBJECTS if not isinstance(payload.get(k, {}), dict | None)]:
        raise BadPayload(f"`{wrong[0]}` is not an object")
    _check_named(payload)
    actions = payload.get("actions", [])
    if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
        raise BadPayload("`actions` is not a list of objects")


def _check_named(payload: dict[str, Any]) -> None:
    """A view or event names its type (and a view its callback_id) as a string, as Slack always does."""
    for name, fields in NAMED.items():
        if name not in payload:
            continue
        if not isinstance(inner := payload[name], dict):
            raise BadPayload(f"`{name}` is not an object")  # null too: Bolt reads it unchecked
        if missing := [f for f in fields if not isinstance(inner.get(f), str)]:
            raise BadPayload(f"`{name}.{missing[0]}` is not a string")
