"""Alert messages: the prompt with its Declare button, the batched alert digest in an incident
channel, and the "all alerts resolved" question. Alert text is escaped: label values such as
`<!channel>` or `<@U…>` show literally and ping nobody."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.alerts.digest import Digest
from bot.core.alerts.views import GroupView
from bot.core.views import IncidentView
from bot.slack import ids
from bot.slack.blocks.kit import SECTION_LIMIT, Block, button, confirm, context, fit, section
from bot.slack.parsing import escape

MAX_LINES = 20  # digest entries shown; the rest are counted


def prompt(group: GroupView) -> list[Block]:
    title = f"*{escape(group.title)}*"
    if group.incident is not None:
        return [section(f"🚨 {title} — declared as {_where(group.incident)}")]
    if group.all_resolved:
        return [section(f"✅ {title} — all {group.resolved} alert(s) resolved; no incident was declared")]
    blocks = [section(f"🔔 {title} — {group.firing} alert(s) firing ({group.source})")]
    if links := _links(group.links):
        blocks.append(context(links))
    declare = button("Declare incident", ids.DECLARE_ALERT, str(group.id), "primary")
    return [*blocks, {"type": "actions", "elements": [declare]}]


def digest(d: Digest) -> list[Block]:
    shown = d.events[-MAX_LINES:]
    lines = [f"• `{e.at:%H:%M}` {escape(e.text)}" for e in shown]
    if len(d.events) > len(shown):
        lines.insert(0, f"_{len(d.events) - len(shown)} earlier alert updates are on the timeline._")
    blocks = [section(fit("🔔 *Alerts*\n" + "\n".join(lines), SECTION_LIMIT))]
    if links := _links(d.links):
        blocks.append(context(links))
    return blocks


def all_resolved(incident: IncidentView) -> list[Block]:
    resolve = button("Resolve", ids.RESOLVE, str(incident.number), "primary")
    resolve["confirm"] = confirm("Resolve incident?", f"Mark {incident.ref} as resolved?", "Resolve")
    return [
        section(f"✅ All alerts of {incident.ref} resolved — resolve the incident?"),
        {"type": "actions", "elements": [resolve]},
    ]


def _where(incident: IncidentView) -> str:
    return f"{incident.ref} <#{incident.channel_id}>" if incident.channel_id else incident.ref


def _links(links: Mapping[str, str]) -> str:
    return " · ".join(f"<{url}|{escape(name)}>" for name, url in links.items())
