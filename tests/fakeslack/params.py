"""Request parameter decoding.

Slack accepts the same arguments as a query string, a form body or a JSON body
(slack_sdk mixes them: ``files.completeUploadExternal`` sends its arguments in the
query string of a POST). Complex arguments such as ``blocks`` arrive as JSON
strings in forms, so they are decoded once here and handlers see Python objects.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, TypeVar
from urllib.parse import parse_qs

from .errors import SlackError, invalid_arguments

T = TypeVar("T")

#: Arguments Slack documents as "JSON-encoded" when sent as form fields.
JSON_FIELDS = frozenset({"blocks", "attachments", "view", "metadata", "files"})


def parse_query(query: str) -> dict[str, Any]:
    """Decode a query string or form body, keeping the last value of repeated keys."""
    pairs = parse_qs(query, keep_blank_values=True)
    return {key: values[-1] for key, values in pairs.items()}


def parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    """Decode a request body according to its Content-Type."""
    if not body:
        return {}
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/json":
        return _parse_json_body(body)
    if kind == "multipart/form-data":
        return parse_multipart(content_type, body)
    return parse_query(body.decode("utf-8", errors="replace"))


def _parse_json_body(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise SlackError("invalid_json") from exc
    if not isinstance(data, dict):
        raise SlackError("json_not_object")
    return data


def parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """Decode multipart/form-data: text fields become str, file parts stay bytes."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    fields: dict[str, Any] = {}
    for part in message.iter_parts() if message.is_multipart() else ():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str):
            fields[name] = _part_value(part)
    return fields


def _part_value(part: Message) -> Any:
    raw = part.get_payload(decode=True)
    data = raw if isinstance(raw, bytes) else b""
    if part.get_filename() is not None:
        return data
    return data.decode("utf-8", errors="replace")


def decode_json_fields(params: dict[str, Any]) -> dict[str, Any]:
    """Return params with JSON-string fields decoded; undecodable strings are kept.

    Keeping the raw string lets the validators report Slack's own error
    (``invalid_blocks_format`` etc.) instead of failing here.
    """
    decoded = dict(params)
    for key in JSON_FIELDS & decoded.keys():
        value = decoded[key]
        if isinstance(value, str) and value.strip():
            with contextlib.suppress(ValueError):
                decoded[key] = json.loads(value)
    return decoded


class Params:
    """Typed, Slack-flavoured access to one call's arguments."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def has(self, name: str) -> bool:
        """True when the argument was sent at all (even empty)."""
        return name in self.data

    def raw(self, name: str) -> Any:
        """The decoded value, whatever its type."""
        return self.data.get(name)

    def text(self, name: str, default: str | None = None) -> str | None:
        """A string argument; empty strings count as missing, like Slack."""
        value = self.data.get(name)
        if value is None or value == "":
            return default
        return value if isinstance(value, str) else str(value)

    def required(self, name: str, error: str | None = None) -> str:
        """A mandatory string argument; raise ``error`` (or invalid_arguments) if absent."""
        value = self.text(name)
        if value is None:
            raise SlackError(error) if error else invalid_arguments(f"missing required field: {name}")
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        """A boolean argument (``true``/``1`` in forms, real booleans in JSON)."""
        value = self.data.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in {"1", "true", "yes"}

    def number(self, name: str, default: int) -> int:
        """An integer argument."""
        value = self.data.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise invalid_arguments(f"invalid value for {name}: {value!r}") from exc

    def csv(self, name: str) -> list[str]:
        """A comma-separated list argument (or a JSON list)."""
        value = self.data.get(name)
        if value is None:
            return []
        items = value if isinstance(value, list) else str(value).split(",")
        return [str(item).strip() for item in items if str(item).strip()]


def encode_cursor(offset: int) -> str:
    """An opaque cursor, base64 like Slack's (``dGVhbTpD...``)."""
    return base64.b64encode(f"next:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """Offset encoded by :func:`encode_cursor`; garbage → ``invalid_cursor``."""
    if not cursor:
        return 0
    try:
        prefix, offset = base64.b64decode(cursor, validate=True).decode().split(":", 1)
        if prefix != "next" or int(offset) < 0:
            raise ValueError(cursor)
        return int(offset)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise SlackError("invalid_cursor") from exc


def paginate(items: list[T], cursor: str | None, limit: int) -> tuple[list[T], str]:
    """Slice ``items`` Slack-style; returns the page and ``next_cursor`` ("" at the end)."""
    start = decode_cursor(cursor)
    if limit <= 0:
        limit = max(len(items) - start, 1)
    end = start + limit
    return items[start:end], encode_cursor(end) if end < len(items) else ""
