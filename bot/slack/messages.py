"""Messages the outbox posts: one line per event in the incident channel, and the formatted
declared/update/resolved messages rendered from the user-editable templates."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.core.narrative import describe
from bot.core.roles import DUTIES, TITLES, Role
from bot.core.status import EMOJI, Status
from bot.core.views import EventView, IncidentView
from bot.rendering import TemplateSet, format_duration
from bot.slack.blocks.answers import VOICE
from bot.slack.blocks.kit import SECTION_LIMIT, Block, fit, mention, section
from bot.slack.mrkdwn import Mrkdwn, escape

LINE_EMOJI = {
    "note": "📝",
    "severity": "⚠️",
    "role_assigned": "👤",
    "role_relieved": "👋",
    "renamed": "✏️",
    "impact": "💥",
    "service_added": "🧩",
    "acknowledged": "👀",
    "cancelled": "🚫",
    "reopened": "🔁",
    "resolved": "✅",
    "action_added": "📋",
    "action_done": "☑️",
    "action_reassigned": "🔀",
}
TEMPLATED = {"update": "slack/update.j2", "resolved": "slack/resolved.j2"}


class Messages:
    def __init__(self, templates: TemplateSet) -> None:
        self.templates = templates.escaping(_mrkdwn_value)

    def _context(self, incident: IncidentView, **extra: Any) -> dict[str, Any]:
        """What the templates get: people's text as they wrote it (escaped on output), and the
        bot's own markup (mentions, the channel link) marked as such."""
        duration = incident.resolved_at - incident.declared_at if incident.resolved_at else None
        return {
            "incident": incident,
            "level": incident.level,
            "title": incident.title,
            "channel": Mrkdwn(f"<#{incident.channel_id}>" if incident.channel_id else incident.ref),
            "commander": Mrkdwn(mention(incident.commander)),
            "summary": incident.summary or "",
            "resolution": incident.resolution or "",
            "duration": format_duration(duration),
            **extra,
        }

    def delayed(self, outage: timedelta) -> str:
        """The one line after a backlog held back by a Slack outage."""
        return self.templates.render("slack/delayed.j2", outage=format_duration(outage)).strip()

    def declared(self, incident: IncidentView) -> list[Block]:
        return [section(self.templates.render("slack/declared.j2", **self._context(incident)).strip())]

    def declared_list(self, incidents: list[IncidentView]) -> str:
        """Incidents declared within one minute, one line each (bot/slack/effects/announcements.py)."""
        contexts = [self._context(incident) for incident in incidents]
        return self.templates.render("slack/declared_list.j2", incidents=contexts).strip()

    def event(self, incident: IncidentView, event: EventView, announce: bool) -> list[Block]:
        """The event as posted in the incident channel, or (announce) in the announce channel."""
        if event.kind in TEMPLATED:
            context = self._context(
                incident,
                text=event.text,
                actor=Mrkdwn(mention(event.actor)),
                announce=announce,
                status=event.data.get("status", incident.status.value),
            )
            return [section(self.templates.render(TEMPLATED[event.kind], **context).strip())]
        emoji = EMOJI[Status(event.text)] if event.kind == "status" else LINE_EMOJI.get(event.kind, "•")
        line = f"{emoji} {describe(event, VOICE)}"
        if event.kind == "role_assigned" and not announce:
            role = Role(event.data["role"])
            line += f". The {TITLES[role].lower()} {DUTIES[role]}."  # tells the person what the role is
        if announce:
            line = f"*{incident.ref}* ({escape(incident.title)}): {line} — <#{incident.channel_id}>"
        return [section(line)]


def _mrkdwn_value(value: Any) -> str:
    """Every `{{ value }}` of a Slack template: escaped, unless the bot marked it as its own markup."""
    return value if isinstance(value, Mrkdwn) else escape(str(value))


def notification(incident: IncidentView, event: EventView, announce: bool) -> str:
    """An event message's fallback `text`: what phones show in a push notification and screen
    readers read, so the same sentence the blocks tell (`INC-1: @alice made @bob commander`), not
    the event's kind."""
    where = f"{incident.ref} ({escape(incident.title)})" if announce else incident.ref
    return fit(f"{where}: {describe(event, VOICE)}", SECTION_LIMIT)
