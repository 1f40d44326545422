"""The PagerDuty Events API v2 shape, which Datadog, Sentry, CloudWatch and most monitoring tools
can send: `trigger` opens or re-fires the alert of a `dedup_key`, `resolve` resolves it.
`acknowledge` is accepted and changes nothing: people acknowledge incidents in Slack."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.alerts import routing
from bot.alerts.fields import PayloadError, obj, short_key, text, timestamp
from bot.core.alerts.signals import AlertBatch, AlertSignal
from bot.core.policy import AlertsPolicy

ACTIONS = ("trigger", "acknowledge", "resolve")
SEVERITIES = ("critical", "error", "warning", "info")
LABELS = ("source", "component", "group", "class")


def parse(body: Any, policy: AlertsPolicy, now: datetime) -> AlertBatch | None:
    """The batch for this event, or None for an `acknowledge` (nothing to record)."""
    body = obj(body, "the body")
    text(body, "routing_key")
    action = text(body, "event_action")
    if action not in ACTIONS:
        raise PayloadError(f"event_action must be one of {', '.join(ACTIONS)}")
    dedup = text(body, "dedup_key", required=action != "trigger") or uuid.uuid4().hex
    if action == "acknowledge":
        return None
    payload = _payload(body) if action == "trigger" else {}
    labels = _labels(payload)
    route, severity = routing.route(policy, labels)
    summary = " ".join(str(payload.get("summary") or dedup).split())
    signal = AlertSignal(
        fingerprint=dedup[:64],
        starts_at=timestamp(str(payload.get("timestamp") or ""), "payload.timestamp") or now,
        firing=action == "trigger",
        name=summary[:200],
        labels=labels,
        annotations={"summary": summary},
        url=str(body.get("client_url") or "") or None,
    )
    return AlertBatch(
        key=short_key("ev", f"{body['routing_key']}:{dedup}", 200),
        source="events",
        title=summary[:200],
        action=route,
        alerts=(signal,),
        severity=severity,
        links=_links(body.get("links")),
        prompt_channel=policy.prompt_channel,
        auto_resolve=policy.auto_resolve,
    )


def _payload(body: Mapping[str, Any]) -> Mapping[str, Any]:
    payload = obj(body.get("payload"), "payload")
    text(payload, "summary", "payload.")
    text(payload, "source", "payload.")
    if payload.get("severity") not in SEVERITIES:
        raise PayloadError(f"payload.severity must be one of {', '.join(SEVERITIES)}")
    return payload


def _labels(payload: Mapping[str, Any]) -> dict[str, str]:
    labels = {k: payload[k] for k in (*LABELS, "severity") if isinstance(payload.get(k), str)}
    details = payload.get("custom_details")
    if isinstance(details, dict):
        labels |= {k: v for k, v in details.items() if isinstance(v, str) and k not in labels}
    return labels


def _links(raw: Any) -> dict[str, str]:
    links = [link for link in raw if isinstance(link, dict)] if isinstance(raw, list) else []
    found = {str(link.get("text") or "Link")[:60]: link.get("href") for link in links[:5]}
    return {k: v for k, v in found.items() if isinstance(v, str) and v.startswith(("http://", "https://"))}
