"""The policy's `[[alerts.routes]]`: label equality and RE2 regexes anchored as Alertmanager anchors
them, tried in order, the first match wins, else `default_action`. A missing label matches as the empty
string, as in Alertmanager's own routing."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.alerts.signals import AlertAction
from bot.core.policy import AlertRoute, AlertsPolicy


def matches(route: AlertRoute, labels: Mapping[str, str]) -> bool:
    equal = all(labels.get(k, "") == v for k, v in route.match.items())
    return equal and all(pattern.matches(labels.get(k, "")) for k, pattern in route.match_re.items())


def route(policy: AlertsPolicy, labels: Mapping[str, str]) -> tuple[AlertAction, str | None]:
    """The action and (for declare) the severity for a group with these labels."""
    for candidate in policy.routes:
        if matches(candidate, labels):
            return AlertAction(candidate.action), candidate.severity
    return AlertAction(policy.default_action), None
