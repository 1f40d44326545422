"""Prometheus Alertmanager's webhook (version 4) and Grafana alerting's, which is the same shape
plus a few fields (`orgId`, `title`, `message`, per-alert `dashboardURL`, `values`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from bot.alerts import routing
from bot.alerts.fields import PayloadError, link, obj, short_key, strings, text, timestamp
from bot.core.alerts.signals import AlertBatch, AlertSignal
from bot.core.policy import AlertsPolicy
from bot.core.text import first_shown

KEY_LIMIT = 200
TITLE_LIMIT = 200
NAMELESS = "Alertmanager alert"  # an alertname that shows nothing (Grafana posts here too)
STATUSES = ("firing", "resolved")


def parse(body: Any, policy: AlertsPolicy) -> AlertBatch:
    body = obj(body, "the body")
    receiver, group_key = text(body, "receiver"), text(body, "groupKey")
    raw_alerts = body.get("alerts")
    if not isinstance(raw_alerts, list) or not raw_alerts:
        raise PayloadError("alerts must be a non-empty list")
    alerts = tuple(_alert(obj(a, f"alerts[{i}]"), f"alerts[{i}].") for i, a in enumerate(raw_alerts))
    group_labels, common = strings(body, "groupLabels"), strings(body, "commonLabels")
    annotations = strings(body, "commonAnnotations")
    action, severity = routing.route(policy, common or group_labels)
    return AlertBatch(
        key=short_key("am", f"{receiver}:{group_key}", KEY_LIMIT),
        source="alertmanager",
        title=_title(annotations, group_labels or common, alerts),
        action=action,
        alerts=alerts,
        severity=severity,
        links=_links(annotations, alerts),
        prompt_channel=policy.prompt_channel,
        auto_resolve=policy.auto_resolve,
        unseen_firing=_truncated(body) > 0 and body.get("status") == "firing",
    )


def _truncated(body: Mapping[str, Any]) -> int:
    """Alerts Alertmanager left out (`max_alerts`): the group may still fire when all we see resolved."""
    value = body.get("truncatedAlerts") or 0
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise PayloadError("truncatedAlerts must be a whole number")
    return value


def _alert(raw: Mapping[str, Any], where: str) -> AlertSignal:
    status = text(raw, "status", where)
    if status not in STATUSES:
        raise PayloadError(f"{where}status must be firing or resolved, not {status[:20]!r}")
    labels = strings(raw, "labels", where)
    starts = timestamp(text(raw, "startsAt", where), f"{where}startsAt")
    if starts is None:
        raise PayloadError(f"{where}startsAt must be a time")
    fingerprint = text(raw, "fingerprint", where, required=False) or _fingerprint(labels)
    return AlertSignal(
        fingerprint=fingerprint[:64],
        starts_at=starts,
        firing=status == "firing",
        name=_name(labels),
        labels=labels,
        annotations=strings(raw, "annotations", where),
        ends_at=timestamp(text(raw, "endsAt", where, required=False), f"{where}endsAt"),
        url=link(raw.get("generatorURL")),
    )


def _fingerprint(labels: Mapping[str, str]) -> str:
    """Senders that leave `fingerprint` out: the alert is its label set, as in Alertmanager."""
    return hashlib.sha256(json.dumps(labels, sort_keys=True).encode()).hexdigest()[:16]


def _name(labels: Mapping[str, str]) -> str:
    name = first_shown(labels.get("alertname", ""), NAMELESS, limit=TITLE_LIMIT)
    where = first_shown(*(labels.get(k, "") for k in ("instance", "pod", "service")), limit=TITLE_LIMIT)
    return first_shown(f"{name} ({where})" if where else name, limit=TITLE_LIMIT)


def _title(annotations: Mapping[str, str], labels: Mapping[str, str], alerts: tuple[AlertSignal, ...]) -> str:
    """`summary` when it shows something (a template may render blank), else the alert name and the
    group labels that set this group apart."""
    summaries = (annotations.get("summary", ""), _shared(a.annotations.get("summary", "") for a in alerts))
    if summary := first_shown(*summaries, limit=TITLE_LIMIT):
        return summary
    names = (labels.get("alertname", ""), _shared(a.labels.get("alertname", "") for a in alerts), NAMELESS)
    name = first_shown(*names, limit=TITLE_LIMIT)
    rest = ", ".join(f"{k}={v}" for k, v in sorted(labels.items()) if k != "alertname")
    return first_shown(f"{name} ({rest})" if rest else name, limit=TITLE_LIMIT)


def _shared(values: Any) -> str:
    """The value every alert has, else ""."""
    found = set(values)
    return found.pop() if len(found) == 1 else ""


def _links(annotations: Mapping[str, str], alerts: tuple[AlertSignal, ...]) -> dict[str, str]:
    first = alerts[0].annotations
    runbook = annotations.get("runbook_url") or first.get("runbook_url")
    dashboard = annotations.get("dashboard") or first.get("dashboard")
    found = {"Runbook": link(runbook), "Dashboard": link(dashboard)}
    return {k: v for k, v in found.items() if v}
