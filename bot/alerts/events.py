"""The PagerDuty Events API v2 shape, which Datadog, Sentry, CloudWatch and most monitoring tools
can send: `trigger` opens or re-fires the alert of a `dedup_key`, `resolve` resolves it.
`acknowledge` is accepted and changes nothing: people acknowledge incidents in Slack."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.alerts import routing
from bot.alerts.fields import PayloadError, cleaned, link, obj, short_key, text, timestamp
from bot.core.alerts.signals import AlertBatch, AlertSignal
from bot.core.policy import AlertsPolicy
from bot.core.text import first_shown

ACTIONS = ("trigger", "acknowledge", "resolve")
SEVERITIES = ("critical", "error", "warning", "info")
LABELS = ("source", "component", "group", "class")
TITLE_LIMIT = 200
NAMELESS = "Events alert"  # neither a summary nor a dedup_key shows anything


def parse(body: Any, policy: AlertsPolicy, now: datetime) -> AlertBatch | None:
    """The batch for this event, or None for an `acknowledge` (nothing to record)."""
    body = obj(body, "the body")
    routing_key = text(body, "routing_key")
    action = text(body, "event_action")
    if action not in ACTIONS:
        raise PayloadError(f"event_action must be one of {', '.join(ACTIONS)}")
    given = text(body, "dedup_key", required=action != "trigger")
    dedup = given or uuid.uuid4().hex
    if action == "acknowledge":
        return None
    payload = _payload(body) if action == "trigger" else {}
    labels = _labels(payload)
    route, severity = routing.route(policy, labels)
    summary = _summary(payload, given)
    signal = AlertSignal(
        fingerprint=dedup[:64],
        starts_at=timestamp(str(payload.get("timestamp") or ""), "payload.timestamp") or now,
        firing=action == "trigger",
        name=summary,
        labels=labels,
        annotations={"summary": summary},
        url=link(body.get("client_url")),
    )
    return AlertBatch(
        key=short_key("ev", f"{routing_key}:{dedup}", 200),
        source="events",
        title=summary,
        action=route,
        alerts=(signal,),
        severity=severity,
        links=_links(body.get("links")),
        prompt_channel=policy.prompt_channel,
        auto_resolve=policy.auto_resolve,
    )


def _payload(body: Mapping[str, Any]) -> Mapping[str, Any]:
    payload = obj(body.get("payload"), "payload")
    text(payload, "source", "payload.")
    if payload.get("severity") not in SEVERITIES:
        raise PayloadError(f"payload.severity must be one of {', '.join(SEVERITIES)}")
    return payload


def _summary(payload: Mapping[str, Any], dedup_key: str) -> str:
    """The summary, else the sender's dedup_key: a summary whose template rendered blank still pages."""
    summary = text(payload, "summary", "payload.", required=False)
    return first_shown(summary, dedup_key, NAMELESS, limit=TITLE_LIMIT)


def _labels(payload: Mapping[str, Any]) -> dict[str, str]:
    labels = {k: payload[k] for k in (*LABELS, "severity") if isinstance(payload.get(k), str)}
    details = payload.get("custom_details")
    if isinstance(details, dict):
        labels |= {k: v for k, v in details.items() if isinstance(v, str) and k not in labels}
    return cleaned(labels)


def _links(raw: Any) -> dict[str, str]:
    given = [found for found in raw if isinstance(found, dict)] if isinstance(raw, list) else []
    named = {_label(found.get("text")): link(found.get("href")) for found in given[:5]}
    return {k: v for k, v in named.items() if v}


def _label(raw: Any) -> str:
    return first_shown(raw if isinstance(raw, str) else "", "Link", limit=60)
