"""Questions the bot asks before it acts: an ephemeral message whose button does the deed."""

from __future__ import annotations

from bot.slack import ids
from bot.slack.blocks.kit import Block, button, section


def cancel_prompt(ref: str, question: str, reason: str | None) -> list[Block]:
    """Confirm cancelling an incident that pages; the button carries the reason given."""
    return [
        section(f"⚠️ {question}"),
        {
            "type": "actions",
            "block_id": "confirm-cancel",
            "elements": [button(f"Cancel {ref} as a false alarm", ids.CONFIRM_CANCEL, reason, "danger")],
        },
    ]
