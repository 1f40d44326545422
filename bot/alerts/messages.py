"""Alert messages other integrations post in Slack (Alertmanager's Slack receiver, Grafana,
Datadog, anything posting as a bot): a title, firing or resolved, and a severity, read from the
message's text, attachments and blocks. Pure parsing of the event's JSON."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from bot.alerts import routing
from bot.alerts.fields import short_key
from bot.core.alerts.signals import SOURCE_MESSAGE, AlertBatch, AlertSignal
from bot.core.policy import AlertsPolicy
from bot.core.text import clean, first_shown, visible

SOURCE_LINK = SOURCE_MESSAGE
TITLE_LIMIT = 200
# Characters of each text (message, attachment field, block) read: Slack's advice for a whole
# message, far beyond any alert's title and severity, and a bound on the work a hostile post costs.
SCANNED = 4000
_STATE = re.compile(
    r"^[^\w\[]*(?:\[(?P<bracket>FIRING|RESOLVED|OK|ALERTING|NO ?DATA)(?::\s*\d+)?\]|(?P<word>Triggered|Recovered|"
    r"Resolved|Firing|Alerting|Re-Triggered|Warn|OK)\s*:)\s*",
    re.IGNORECASE,
)
_RESOLVED = {"resolved", "ok", "recovered"}
_SEVERITY = re.compile(r"\b(critical|error|warning|info|sev[1-4]|p[1-5])\b", re.IGNORECASE)
# No "<" inside a link: a scan that starts at one "<" stops at the next, so reading is linear.
_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


def is_alert_post(event: Mapping[str, Any], bot_user_id: str | None) -> bool:
    """A top-level message from an integration (not a person, not this bot, not an edit)."""
    from_bot = bool(event.get("bot_id")) or event.get("subtype") == "bot_message"
    own = bot_user_id is not None and event.get("user") == bot_user_id
    threaded = event.get("thread_ts") not in (None, event.get("ts"))
    return from_bot and not own and not threaded and event.get("subtype") in (None, "bot_message")


def parse(event: Mapping[str, Any], policy: AlertsPolicy, permalink: str | None) -> AlertBatch | None:
    """The alert this message carries, or None when it has no readable title. The title is the
    first line that shows something once cleaned (after a FIRING/RESOLVED prefix, if any)."""
    lines = [plain for chunk in _texts(event) for line in chunk.splitlines() if visible(plain := _plain(line))]
    if not lines:
        return None
    state = _STATE.match(lines[0])
    title = first_shown(lines[0][state.end() if state else 0 :], *lines[1:], limit=TITLE_LIMIT)
    if not title:
        return None
    word = ((state.group("bracket") or state.group("word")) if state else "firing").lower()
    severity = _SEVERITY.search(" ".join(lines))
    labels = {"alertname": title, "channel": str(event.get("channel", ""))}
    if severity:
        labels["severity"] = severity.group(1).lower()
    action, level = routing.route(policy, labels)
    fingerprint = hashlib.sha256(title.lower().encode()).hexdigest()[:16]
    firing, when = word not in _RESOLVED, _when(event)
    signal = AlertSignal(fingerprint, when, firing, title, labels, ends_at=None if firing else when, url=permalink)
    return AlertBatch(
        key=short_key("slack", f"{event.get('channel')}:{title.lower()}", 200),
        source="slack",
        title=title,
        action=action,
        alerts=(signal,),
        severity=level,
        links={SOURCE_LINK: permalink} if permalink else {},
        prompt_channel=str(event.get("channel")),
        prompt_thread=str(event.get("ts")),
        auto_resolve=policy.auto_resolve,
    )


def readable_text(message: Mapping[str, Any]) -> str:
    """The message's text, else what its attachments and blocks show: alert posts often have no `text`."""
    return (message.get("text") or "").strip() or "\n".join(_texts(message))


def _texts(event: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    for attachment in _dicts(event.get("attachments")):
        found += [attachment.get(k) or "" for k in ("pretext", "title", "text", "fallback")]
    for block in _dicts(event.get("blocks")):
        text = block.get("text")
        found.append(text.get("text", "") if isinstance(text, dict) else "")
    found.append(event.get("text") or "")
    return [t[:SCANNED] for t in found if isinstance(t, str) and t.strip()]


def _dicts(raw: Any) -> list[Mapping[str, Any]]:
    return [item for item in raw if isinstance(item, dict)] if isinstance(raw, list) else []


def _plain(line: str) -> str:
    """Cleaned as typed text is, links to their label, mrkdwn emphasis dropped."""
    return _LINK.sub(lambda m: m.group(2) or m.group(1), clean(line)).replace("*", "").replace("_", " ").strip()


def _when(event: Mapping[str, Any]) -> datetime:
    return datetime.fromtimestamp(float(event.get("ts") or 0), UTC)
