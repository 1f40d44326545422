"""The bot's own view of its acknowledgements: `incident_bot_ack_seconds` from `GET /metrics`,
measured inside the bot from a request's arrival to its answer. The client-side figures also hold
the benchmark's own waits (the fake Slack and the load share one interpreter, and the fake answers
every Web API call the bot makes during the burst), so this one is the bot's alone; its resolution
is the histogram's buckets."""

from __future__ import annotations

import urllib.request

from prometheus_client.parser import text_string_to_metric_families

ACK = "incident_bot_ack_seconds"


def ack_buckets(port: int) -> dict[float, float]:
    """Cumulative count of slash-command acks per bucket bound (seconds)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        body = response.read().decode()
    counts: dict[float, float] = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            if sample.name == f"{ACK}_bucket" and sample.labels.get("kind") == "command":
                counts[float(sample.labels["le"])] = sample.value
    return counts


def share_within(before: dict[float, float], after: dict[float, float]) -> dict[str, float | None]:
    """Of the acks between two scrapes, the share (%) answered within each bucket bound."""
    total = after.get(float("inf"), 0.0) - before.get(float("inf"), 0.0)
    if not total:
        return {}
    return {
        f"{bound * 1000:g} ms": round(100 * (after[bound] - before.get(bound, 0.0)) / total, 2)
        for bound in sorted(after)
        if bound != float("inf") and bound <= 0.25
    }
