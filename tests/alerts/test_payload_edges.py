"""Recorded payload edges: truncatedAlerts, 100 KB annotations, wrong types, Grafana's shape,
HA pairs sending the same group at the same moment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from bot.alerts import alertmanager
from bot.alerts.fields import PayloadError
from bot.core.policy import AlertsPolicy
from tests.support.alerts import am_alert, am_group, post, settle

AM = "/alerts/alertmanager"
GRAFANA = {
    "receiver": "incident-bot",
    "status": "firing",
    "orgId": 1,
    "alerts": [
        {
            "status": "firing",
            "labels": {"alertname": "High memory usage", "team": "blue", "zone": "us-1"},
            "annotations": {"description": "The system has high memory usage", "runbook_url": "https://rb/1"},
            "startsAt": "2021-10-12T09:51:03.157076+02:00",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "https://play.grafana.org/alerting/1afz29v7z/edit",
            "fingerprint": "c6eadffa33fcdf37",
            "silenceURL": "https://play.grafana.org/alerting/silence/new",
            "dashboardURL": "",
            "panelURL": "",
            "values": {"B": 44.23943737541908, "C": 1},
        }
    ],
    "groupLabels": {"alertname": "High memory usage"},
    "commonLabels": {"alertname": "High memory usage", "team": "blue", "zone": "us-1"},
    "commonAnnotations": {},
    "externalURL": "https://play.grafana.org/",
    "version": "1",
    "groupKey": '{}:{alertname="High memory usage"}',
    "truncatedAlerts": 0,
    "title": "[FIRING:1] High memory usage (blue us-1)",
    "state": "alerting",
    "message": "**Firing**\n\nValue: B=44.2",
}


def _rows(bot, sql: str) -> list[tuple]:
    with bot.runtime.engine.connect() as c:
        return [tuple(r) for r in c.execute(text(sql))]


def test_grafana_payload_is_read_like_alertmanager() -> None:
    batch = alertmanager.parse(GRAFANA, AlertsPolicy())

    assert batch.title == "High memory usage"  # no summary: the alert name and the group labels
    assert batch.alerts[0].starts_at.isoformat() == "2021-10-12T07:51:03.157076+00:00"
    assert batch.alerts[0].ends_at is None and batch.links == {"Runbook": "https://rb/1"}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"alerts": "nope"}, "alerts must be a non-empty list"),
        ({"alerts": [{**GRAFANA["alerts"][0], "status": "pending"}]}, "firing or resolved"),
        ({"alerts": [{**GRAFANA["alerts"][0], "annotations": {"x": ["list"]}}]}, "annotations"),
        ({"truncatedAlerts": "3"}, "truncatedAlerts"),
        ({"commonLabels": []}, "commonLabels"),
    ],
)
def test_wrong_types_are_named(change: dict, reason: str) -> None:
    with pytest.raises(PayloadError, match=reason):
        alertmanager.parse({**GRAFANA, **change}, AlertsPolicy())


def test_truncated_group_is_not_called_resolved_while_it_still_fires(alert_bot) -> None:
    bot = alert_bot()
    post(bot, AM, am_group([am_alert("Big", "a"), am_alert("Big", "b")]))
    cut = am_group([am_alert("Big", "a", "resolved"), am_alert("Big", "b", "resolved")], truncatedAlerts=40)
    cut["status"] = "firing"  # Alertmanager: 40 more alerts of this group, still firing, were left out
    assert post(bot, AM, cut)[1]["resolved"] == 2

    settle(bot)
    assert _rows(bot, "SELECT resolved_at FROM alertgroup") == [(None,)]
    assert _rows(bot, "SELECT count(*) FROM outbox WHERE kind = 'alerts_resolved'") == [(0,)]


def test_huge_annotations_are_kept_and_messages_stay_within_slack_limits(alert_bot) -> None:
    bot = alert_bot()
    huge = "x" * 100_000
    alert = am_alert("Huge", "a", annotations={"summary": huge, "description": huge})
    assert post(bot, AM, am_group([alert]))[0] == 202

    stored = _rows(bot, "SELECT annotations FROM alert")[0][0]
    assert len(stored) > 200_000  # nothing is cut from the record
    title = _rows(bot, "SELECT title FROM incident")[0][0]
    assert len(title) == 200
    bot.fake.wait_for(lambda: _rows(bot, "SELECT channel_id FROM incident WHERE card_ts IS NOT NULL"))


def test_ha_pair_sending_the_same_group_at_once_makes_one_incident(alert_bot) -> None:
    bot = alert_bot()
    body = am_group([am_alert("Twin", "a"), am_alert("Twin", "b")])
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: post(bot, AM, body), range(4)))

    assert {status for status, _ in answers} == {202}
    assert sum(answer["new"] for _, answer in answers) == 2
    assert _rows(bot, "SELECT count(*) FROM incident") == [(1,)]
    assert _rows(bot, "SELECT count(*) FROM alert") == [(2,)]


def test_a_late_firing_twin_after_the_group_resolved_opens_nothing(alert_bot) -> None:
    """HA pairs: one peer's resolved arrives before the other's last firing re-send."""
    bot = alert_bot()
    firing = am_group([am_alert("Late", "a")], commonLabels={"alertname": "Late", "severity": "warning"})
    resolved = am_group([am_alert("Late", "a", "resolved")], commonLabels={"alertname": "Late", "severity": "warning"})
    post(bot, AM, firing)
    post(bot, AM, resolved)

    assert post(bot, AM, firing)[1] == {"ok": True, "new": 0, "resolved": 0, "incident": None}
    assert post(bot, AM, resolved)[1]["resolved"] == 0
    settle(bot)
    assert len(bot.fake.messages(bot.alerts)) == 1  # the one prompt, now saying resolved
    assert _rows(bot, "SELECT count(*) FROM alertgroup") == [(1,)]
