"""Alert messages: the prompt with its Declare button, the batched alert digest in an incident
channel, and the "all alerts resolved" question. Alert text is escaped and links are checked
(bot/slack/mrkdwn.py): label values such as `<!channel>` or `<@U…>` show literally and ping nobody."""

from __future__ import annotations

from bot.core.alerts.digest import Digest
from bot.core.alerts.views import GroupView
from bot.core.views import IncidentView
from bot.slack import ids
from bot.slack.blocks.kit import SECTION_LIMIT, Block, button, confirm, context, fit, section
from bot.slack.mrkdwn import escape, links

MAX_LINES = 20  # digest entries shown; the rest are counted


def prompt(group: GroupView) -> list[Block]:
    title = f"*{escape(group.title)}*"
    if group.incident is not None:
        return [section(f"🚨 {title} — declared as {_where(group.incident)}")]
    if group.all_resolved:
        return [section(f"✅ {title} — all {group.resolved} alert(s) resolved; no incident was declared")]
    blocks = [section(f"🔔 {title} — {group.firing} alert(s) firing ({escape(group.source)})")]
    if shown := links(group.links):
        blocks.append(context(shown))
    declare = button("Declare incident", ids.DECLARE_ALERT, str(group.id), "primary")
    return [*blocks, {"type": "actions", "elements": [declare]}]


def digest(d: Digest) -> list[Block]:
    shown = d.events[-MAX_LINES:]
    lines = [f"• `{e.at:%H:%M}` {escape(e.text)}" for e in shown]
    if len(d.events) > len(shown):
        lines.insert(0, f"_{len(d.events) - len(shown)} earlier alert updates are on the timeline._")
    blocks = [section(fit("🔔 *Alerts*\n" + "\n".join(lines), SECTION_LIMIT))]
    if shown := links(d.links):
        blocks.append(context(shown))
    return blocks


def digest_text(d: Digest) -> str:
    """The digest's fallback text, a sentence for push notifications: `INC-1: 2 alerts started
    firing and 1 resolved`."""
    firing = sum(e.data.get("firing", 0) for e in d.events)
    resolved = sum(e.data.get("resolved", 0) for e in d.events)
    parts = [f"{_alerts(firing)} started firing"] if firing else []
    if resolved:
        parts.append(f"{resolved} resolved" if parts else f"{_alerts(resolved)} resolved")
    return f"{d.incident.ref}: {' and '.join(parts) or 'alerts changed'}"


def _alerts(count: int) -> str:
    return f"{count} alert" if count == 1 else f"{count} alerts"


def all_resolved(incident: IncidentView) -> list[Block]:
    resolve = button("Resolve", ids.RESOLVE, str(incident.number), "primary")
    resolve["confirm"] = confirm("Resolve incident?", f"Mark {incident.ref} as resolved?", "Resolve")
    return [
        section(f"✅ All alerts of {incident.ref} resolved — resolve the incident?"),
        {"type": "actions", "elements": [resolve]},
    ]


def _where(incident: IncidentView) -> str:
    return f"{incident.ref} <#{incident.channel_id}>" if incident.channel_id else incident.ref
