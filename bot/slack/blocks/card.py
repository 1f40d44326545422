"""The incident card: pinned in the channel, updated in place after every change."""

from __future__ import annotations

from bot.core.impact import percent
from bot.core.roles import TITLES, Role
from bot.core.status import EMOJI, Status
from bot.core.views import IncidentView
from bot.rendering import format_duration
from bot.slack import ids
from bot.slack.blocks.kit import (
    SECTION_LIMIT,
    Block,
    as_many_as_fit,
    button,
    confirm,
    context,
    fields,
    header,
    mention,
    section,
)
from bot.slack.mrkdwn import escape, links


def card_block_id(number: int) -> str:
    """The first block's id marks the card, so a retried post can find an earlier one."""
    return f"card-{number}"


def date(moment) -> str:
    epoch = int(moment.timestamp())
    return f"<!date^{epoch}^{{date_short_pretty}} {{time}}|{moment:%Y-%m-%d %H:%M} UTC>"


def card(incident: IncidentView, channel_link: bool = False) -> list[Block]:
    level = incident.level
    title = f"{level.emoji} {incident.ref} · {incident.title}"
    blocks: list[Block] = [
        header(title, block_id=card_block_id(incident.number)),
        fields(
            ("Severity", f"{level.label} — {level.description}"),
            ("Status", f"{EMOJI[incident.status]} {incident.status.value}"),
            ("Commander", mention(incident.commander)),
            *_started(incident),
            ("Acknowledged", _acknowledgement(incident)),
            ("Last update", date(incident.last_update_at) if incident.last_update_at else "none yet"),
        ),
    ]
    if others := _other_roles(incident):
        blocks.append(section(others))
    for label, text in (
        ("Summary", incident.summary),
        ("Impact" + _share(incident), incident.impact),
        ("Resolution", incident.resolution),
    ):
        if text:
            blocks.append(section(f"*{label}*\n{escape(text)}"))
    if incident.services:
        blocks.append(section("*Services*: " + ", ".join(f"`{escape(name)}`" for name in incident.services)))
    if incident.checklists:  # one line per runbook: a sum would hide which one is behind
        blocks.append(
            section("\n".join(f"*Runbook* {escape(p.title)}: {p.done} of {p.total} done" for p in incident.checklists))
        )
    if channel_link and incident.channel_id:
        blocks.append(section(f"Channel: <#{incident.channel_id}>"))
    blocks.append(context(_footer(incident)))
    if incident.status not in (Status.CLOSED, Status.CANCELLED):
        blocks.append({"type": "actions", "block_id": "card-actions", "elements": _buttons(incident)})
    return blocks


def _share(incident: IncidentView) -> str:
    return f" ({percent(incident.impact_fraction)} of users or requests)" if incident.impact_fraction else ""


def _started(incident: IncidentView) -> list[tuple[str, str]]:
    """When the impact began (an alert's start) and when the incident was declared: for an alert
    the two differ, and time to detect is the gap."""
    declared = ("Declared", date(incident.declared_at))
    if incident.impact_started_at is None:
        return [declared]
    return [("Impact started", date(incident.impact_started_at)), declared]


def _acknowledgement(incident: IncidentView) -> str:
    if incident.acknowledged_at:
        took = format_duration(incident.acknowledged_at - incident.declared_at)
        return f"{mention(incident.acknowledged_by)} after {took}"
    return f"not yet — target {format_duration(incident.level.ack_within)}"


def _other_roles(incident: IncidentView) -> str:
    lines = []
    for role in (Role.DEPUTY, Role.SCRIBE, Role.COMMS, Role.SME):
        for holder in incident.holders(role):
            area = f" ({escape(holder.area)})" if holder.area else ""
            lines.append(f"*{TITLES[role]}*: {mention(holder.user_id)}{area}")
    return as_many_as_fit(lines, SECTION_LIMIT, _more_roles)


def _more_roles(count: int) -> str:
    return f"…and {count} more: `/incident roles` lists everyone"


def _footer(incident: IncidentView) -> str:
    level = incident.level
    cadence = f"updates every {format_duration(level.update_every)}" if level.update_every else "no update cadence"
    targets = f"ack within {format_duration(level.ack_within)} · {cadence}"
    paging = "" if incident.policy.pages else " · no escalation policy"
    private = " · 🔒 private" if incident.private else ""
    shown = links({"source message": incident.source_permalink or "", **incident.links})
    return f"{level.label}: {targets}{paging}{private}{' · ' + shown if shown else ''}"


def _buttons(incident: IncidentView) -> list[Block]:
    value = str(incident.number)
    elements = []
    if incident.acknowledged_at is None:
        elements.append(button("Acknowledge", ids.ACKNOWLEDGE, value, "primary"))
    elements.append(button("Post update", ids.POST_UPDATE, value))
    elements.append(button("Assign role", ids.ASSIGN_ROLE, value))
    if incident.status == Status.RESOLVED:
        elements.append(button("Reopen", ids.REOPEN, value))
    else:
        resolve = button("Resolve", ids.RESOLVE, value, "danger")
        resolve["confirm"] = confirm("Resolve incident?", f"Mark {incident.ref} as resolved?", "Resolve")
        elements.append(resolve)
    return elements


def card_text(incident: IncidentView) -> str:
    """The card's fallback text, which push notifications show."""
    return f"{incident.ref}: {escape(incident.title)}"


def topic(incident: IncidentView) -> str:
    commander = f"IC <@{incident.commander}>" if incident.commander else "no commander"
    return f"{incident.level.label} · {incident.status.value} · {commander} · {incident.ref}"
