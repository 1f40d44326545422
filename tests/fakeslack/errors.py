"""Slack-level errors.

Slack reports almost every failure as HTTP 200 with ``{"ok": false, "error": ...}``;
handlers raise :class:`SlackError` and the dispatcher turns it into that body, so
handler code reads like a list of Slack's documented checks.
"""

from __future__ import annotations

from typing import Any


class SlackError(Exception):
    """A failure Slack would answer with ``ok: false`` (extra keys go into the body)."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """The JSON body Slack would send for this error."""
        return {"ok": False, "error": self.error, **self.extra}


def invalid_arguments(*messages: str) -> SlackError:
    """``invalid_arguments`` with ``response_metadata.messages`` the way Slack words it."""
    return SlackError(
        "invalid_arguments",
        response_metadata={"messages": [f"[ERROR] {m}" for m in messages]},
    )


def invalid_blocks(problems: list[str]) -> SlackError:
    """``invalid_blocks`` carrying both ``errors`` and ``response_metadata`` like Slack."""
    return SlackError(
        "invalid_blocks",
        errors=list(problems),
        response_metadata={"messages": [f"[ERROR] {p}" for p in problems]},
    )
