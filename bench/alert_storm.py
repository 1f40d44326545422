"""Benchmark: an alert storm against `incident-bot run` and the fake Slack.

5,000 alerts across 20 groups within a minute, sent the way Alertmanager sends them: every send
carries the whole group so far (each group grows by `--step` alerts a send), and with `--ha` every
send goes twice, as from an HA pair. Half the groups route to `declare`, half to `prompt`.

Reported: webhook p50/p99 latency, alerts accepted per second, Web API calls made, the time from
the first send until the last declared incident's card is pinned, incidents and prompts made,
alert messages per incident, alerts stored, and 429s the fake returned.

    .venv/bin/python bench/alert_storm.py [--groups 20] [--alerts 5000] [--seconds 50] [--ha]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--json]

It reuses the bot process and database helpers of `bench/ack/`. The fake Slack and the load
share this process, and everything shares the machine's cores: compare runs, not machines.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ack.figures import ms, percentile
from ack.process import BotProcess, bench_database, bot_env, free_port
from sqlalchemy import create_engine, text

TOKEN = "bench-alert-token"


def policy_file(workdir: Path, prompt_channel: str) -> Path:
    path = workdir / "policy.toml"
    path.write_text(
        f'[alerts]\ndefault_action = "prompt"\nprompt_channel = "{prompt_channel}"\n'
        '[[alerts.routes]]\nmatch = { severity = "critical" }\naction = "declare"\nseverity = "sev2"\n'
    )
    return path


def group_body(group: int, size: int) -> bytes:
    severity = "critical" if group % 2 == 0 else "warning"
    alerts = [
        {
            "status": "firing",
            "labels": {"alertname": f"Storm{group}", "instance": f"host-{i}", "severity": severity},
            "annotations": {"summary": f"Storm {group}: errors on many hosts"},
            "startsAt": "2026-11-23T10:00:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus/graph",
            "fingerprint": f"{group:04x}{i:012x}",
        }
        for i in range(size)
    ]
    return json.dumps(
        {
            "version": "4",
            "receiver": "incident-bot",
            "status": "firing",
            "groupKey": f'{{}}:{{alertname="Storm{group}"}}',
            "truncatedAlerts": 0,
            "groupLabels": {"alertname": f"Storm{group}"},
            "commonLabels": {"alertname": f"Storm{group}", "severity": severity},
            "commonAnnotations": {"summary": f"Storm {group}: errors on many hosts"},
            "externalURL": "http://alertmanager:9093",
            "alerts": alerts,
        }
    ).encode()


class Sender:
    """One keep-alive connection per thread; returns (status, seconds)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._local = threading.local()

    def post(self, body: bytes) -> tuple[int, float]:
        if getattr(self._local, "connection", None) is None:
            self._local.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
        started = time.monotonic()
        try:
            self._local.connection.request("POST", "/alerts/alertmanager", body=body, headers=headers)
            response = self._local.connection.getresponse()
            response.read()
            return response.status, time.monotonic() - started
        except (OSError, http.client.HTTPException):
            self._local.connection.close()
            self._local.connection = None
            return 0, time.monotonic() - started


def schedule(args: argparse.Namespace) -> list[tuple[float, int, int]]:
    """(send at, group, group size) for every send, spread evenly over `--seconds`."""
    per_group = args.alerts // args.groups
    sends = [(g, size) for size in range(args.step, per_group + 1, args.step) for g in range(args.groups)]
    sends = [s for s in sends for _ in range(2 if args.ha else 1)]
    gap = args.seconds / max(1, len(sends))
    return [(i * gap, g, size) for i, (g, size) in enumerate(sends)]


def storm(port: int, plan: list[tuple[float, int, int]], threads: int) -> tuple[list[tuple[int, float]], float]:
    sender = Sender(port)
    bodies = {(g, size): group_body(g, size) for _, g, size in plan}
    started = time.monotonic()

    def one(entry: tuple[float, int, int]) -> tuple[int, float]:
        at, g, size = entry
        time.sleep(max(0.0, started + at - time.monotonic()))
        return sender.post(bodies[(g, size)])

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(one, plan))
    return results, started


def wait_pinned(fake: Any, engine: Any, declares: int, timeout: float) -> float | None:
    """Monotonic time when every declared incident's card was pinned, or None on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as c:
            channels = [r[0] for r in c.execute(text("SELECT channel_id FROM incident WHERE channel_id IS NOT NULL"))]
        if len(channels) >= declares and all(fake.pins(ch) for ch in channels):
            return time.monotonic()
        time.sleep(0.02)
    return None


def figures(args, fake, engine, results, started, pinned_at, alerts_channel) -> dict[str, Any]:
    latencies = [seconds for _, seconds in results]
    statuses: dict[int, int] = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    with engine.connect() as c:
        stored = c.execute(text("SELECT count(*) FROM alert")).scalar_one()
        incidents = c.execute(text("SELECT count(*) FROM incident")).scalar_one()
        channels = [r[0] for r in c.execute(text("SELECT channel_id FROM incident WHERE channel_id IS NOT NULL"))]
    digests = [sum("Alerts" in json.dumps(m.get("blocks") or []) for m in fake.messages(ch)) for ch in channels]
    calls = fake.calls
    methods: dict[str, int] = {}
    for method, _ in calls:
        methods[method] = methods.get(method, 0) + 1
    return {
        "requests": len(results),
        "statuses": statuses,
        "webhook_ms": {
            "p50": ms(percentile(latencies, 50)),
            "p99": ms(percentile(latencies, 99)),
            "max": ms(max(latencies)),
        },
        "alerts_sent": args.alerts,
        "alerts_stored": stored,
        "incidents": incidents,
        "prompts": len(fake.messages(alerts_channel)),
        "alert_messages_per_incident_max": max(digests, default=0),
        "web_api_calls": len(calls),
        "web_api_by_method": dict(sorted(methods.items(), key=lambda kv: -kv[1])),
        "last_card_pinned_s": round(pinned_at - started, 2) if pinned_at else None,
        "429s": 0,  # the fake rate-limits only when a test injects it; none were injected
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="alert storm benchmark")
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--alerts", type=int, default=5000)
    parser.add_argument("--step", type=int, default=25, help="alerts a group grows by per send")
    parser.add_argument("--seconds", type=float, default=50.0, help="spread the sends over this long")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--ha", action="store_true", help="send everything twice, as an HA pair does")
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    from tests.fakeslack import FakeSlack
    from tests.support.harness import populate

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, FakeSlack() as fake:
        workdir = Path(tmp)
        populate(fake)
        alerts_channel = fake.add_channel("alerts", members=("U0ALICE", "UBOT"))
        port = free_port()
        with bench_database(args.database_url, workdir) as (database_url, backend):
            env = bot_env(fake, database_url, port)
            env |= {"ALERT_WEBHOOK_TOKEN": TOKEN, "INCIDENT_POLICY_FILE": str(policy_file(workdir, alerts_channel))}
            bot = BotProcess(env, workdir / "bot.stderr")
            engine = create_engine(database_url)
            try:
                bot.wait_healthy(port)
                watcher = ThreadPoolExecutor(1)
                pinned = watcher.submit(wait_pinned, fake, engine, (args.groups + 1) // 2, 300)
                results, started = storm(port, schedule(args), args.threads)
                sent_for = time.monotonic() - started
                pinned_at = pinned.result()
                watcher.shutdown()
                data = figures(args, fake, engine, results, started, pinned_at, alerts_channel)
                data |= {
                    "backend": backend,
                    "storm_seconds": round(sent_for, 1),
                    "alerts_accepted_per_s": round(data["alerts_stored"] / sent_for, 1),
                    "bot_rss_mb": bot.rss_mb(),
                    "bot_stderr_tail": bot.stderr_lines()[-10:],
                }
            finally:
                engine.dispose()
                bot.stop()
    print(json.dumps(data, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
