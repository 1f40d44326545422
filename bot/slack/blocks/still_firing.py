"""The line a resolved incident's channel gets when its alerts are still firing at Alertmanager's
next repeat: once per alert, with a button that reopens the incident. Alert names are escaped."""

from __future__ import annotations

from bot.core.views import IncidentView
from bot.slack import ids
from bot.slack.blocks.kit import Block, button, section
from bot.slack.mrkdwn import escape


def still_firing(incident: IncidentView, names: list[str], more: int = 0) -> list[Block]:
    reopen = button(f"Reopen {incident.ref}", ids.REOPEN_FIRING, str(incident.number), "primary")
    named = escape(", ".join(names)) + (f" and {more} more" if more else "")
    return [
        section(f"🔁 {named} still firing after resolve — reopen?"),
        {"type": "actions", "elements": [reopen]},
    ]


def fallback(incident: IncidentView) -> str:
    """The notification text: no alert text in it, only what the bot itself says."""
    return f"Alerts of {incident.ref} are still firing after resolve. Reopen?"
