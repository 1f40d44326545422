"""Issue 9, `GET /metrics`: Prometheus text an operator can graph and alert on. Counters are
process-wide (several bots run in one test process), so the tests compare before and after."""

from __future__ import annotations

import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from bot import metrics
from bot.slack import ids
from tests.support.harness import ALICE, Harness

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(bot: Harness) -> tuple[str, str]:
    """(Content-Type, body) of `GET /metrics`."""
    with urllib.request.urlopen(f"http://127.0.0.1:{bot.runtime.port}/metrics", timeout=10) as response:
        return response.headers["Content-Type"], response.read().decode()


def samples(bot: Harness) -> Samples:
    _, body = scrape(bot)
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
    }


def value(seen: Samples, name: str, **labels: str) -> float:
    return seen.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_are_prometheus_text_with_the_process_metrics(bot: Harness) -> None:
    content_type, body = scrape(bot)
    assert content_type.startswith("text/plain; version=0.0.4")
    assert "process_cpu_seconds_total" in body and "python_info" in body
    for name in ("incident_bot_outbox_depth", "incident_bot_outbox_oldest_pending_age_seconds"):
        assert f"# TYPE {name} gauge" in body


def test_open_incidents_are_counted_by_severity_and_status(bot: Harness) -> None:
    bot.declare("sev1 Checkout is down")
    channel, _ = bot.declare("sev3 Slow search")
    bot.send.command("status investigating", ALICE, channel)
    bot.wait_line(channel, "set status to investigating")
    seen = samples(bot)
    assert value(seen, "incident_bot_open_incidents", severity="sev1", status="declared") == 1
    assert value(seen, "incident_bot_open_incidents", severity="sev3", status="investigating") == 1
    bot.send.command("resolve Index rebuilt", ALICE, channel)
    bot.fake.wait_for(
        lambda: not value(samples(bot), "incident_bot_open_incidents", severity="sev3", status="investigating")
    )
    assert value(samples(bot), "incident_bot_open_incidents", severity="sev1", status="declared") == 1


def test_a_stuck_outbox_shows_its_depth_and_age(bot: Harness) -> None:
    channel, _ = bot.declare("Queue stuck")
    bot.idle()
    assert value(samples(bot), "incident_bot_outbox_depth") == 0
    bot.fake.inject("*", status=503, times=10_000)
    bot.send.command("note Slack is down for us", ALICE, channel)
    seen = bot.fake.wait_for(lambda: (s := samples(bot)) and value(s, "incident_bot_outbox_depth") >= 1 and s)
    assert value(seen, "incident_bot_outbox_oldest_pending_age_seconds") >= 0
    bot.fake.reset_faults()
    bot.idle(timeout=15)
    assert value(samples(bot), "incident_bot_outbox_oldest_pending_age_seconds") == 0


def test_deliveries_failures_and_rate_limits_are_counted_by_effect_and_error(bot: Harness) -> None:
    before = samples(bot)
    bot.fake.inject("conversations.create", status=503)
    bot.fake.inject("chat.postMessage", status=429, retry_after=1)
    bot.declare("Counted", timeout=15)
    bot.idle(timeout=15)
    after = samples(bot)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("incident_bot_outbox_deliveries_total", effect="setup_channel") == 1
    failed = {"effect": "setup_channel", "error": "service_unavailable", "outcome": "retry"}
    assert delta("incident_bot_outbox_failures_total", **failed) == 1
    waits = [k for k in after if k[0] == "incident_bot_slack_retry_after_seconds_count"]
    assert sum(value(after, n, **dict(labels)) - value(before, n, **dict(labels)) for n, labels in waits) == 1
    sums = [k for k in after if k[0] == "incident_bot_slack_retry_after_seconds_sum"]
    assert sum(value(after, n, **dict(labels)) - value(before, n, **dict(labels)) for n, labels in sums) == 1


def test_ack_latency_is_measured_by_request_kind(bot: Harness) -> None:
    before = samples(bot)
    channel, _ = bot.declare("Acked")
    bot.send.click(ids.RETRY_SETUP, "1", ALICE, channel)
    after = samples(bot)
    for kind in ("command", "action"):
        name = "incident_bot_ack_seconds_count"
        assert value(after, name, kind=kind) - value(before, name, kind=kind) >= 1, kind
    assert value(after, "incident_bot_ack_seconds_bucket", kind="command", le="3.0") >= 1


def test_the_scheduler_reports_its_lag(bot: Harness) -> None:
    """The reminder ticker feeds the histogram on every pass (it runs at once and then each interval)."""
    name = "incident_bot_scheduler_lag_seconds_count"
    before = value(samples(bot), name)
    bot.fake.wait_for(lambda: value(samples(bot), name) > before)
    metrics.observe_scheduler_lag(-0.1)  # early by clock jitter: counted as on time
    assert value(samples(bot), "incident_bot_scheduler_lag_seconds_bucket", le="0.1") >= 1


def test_every_metric_is_documented_in_the_readme(bot: Harness) -> None:
    _, body = scrape(bot)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    names = {family.name for family in text_string_to_metric_families(body) if family.name.startswith("incident_bot")}
    assert len(names) == 9  # the paced counter (issue 12) joined
    assert [name for name in sorted(names) if f"`{name}" not in readme] == []
