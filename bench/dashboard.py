"""Benchmark: the dashboard's pages over real HTTP to a running bot.

What it does:
  1. creates a fresh SQLite file (or, with `--database-url postgresql+psycopg://…/<db>`, a fresh
     schema on that server, dropped at the end), migrates it and seeds `--incidents` incidents
     (default 10,000) as bench/stats.py does, plus one incident with a `--events`-entry timeline
     (default 10,000 notes);
  2. starts the bot (the same Runtime `incident-bot run` starts) against the fake Slack, and signs
     one reader in;
  3. requests each page `--repeat` times (after a few warm-up requests) and reports the time from
     sending the request to the last byte of the answer (p50, p99), and the page's weight in KB:
     the incident list (first page, and a title search), an incident page with the long timeline,
     one 500-entry page of that timeline, and the overview.

Run it from the repository root:

    .venv/bin/python bench/dashboard.py [--incidents 10000] [--events 10000] [--repeat 50]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--json]
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scratch import options, scratch_database
from sqlalchemy import insert, select
from stats import NOW, populate  # bench/stats.py: 10,000 incidents with their roles, items, events

from bot.core.clock import ManualClock
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.store.models import Incident, TimelineEvent
from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE
from tests.support.signin import Visitor, start_sign_in_bot
from tests.web.dashboard import visitor

WARM_UP = 3


def seed(url: str, incidents: int, events: int) -> int:
    """The incidents, and one more with a long timeline; returns that one's number."""
    engine = make_engine(url)
    upgrade(engine)
    populate(engine, incidents, 90)
    number = incidents + 1
    rng = random.Random(7)
    with engine.begin() as connection:
        declared = NOW - timedelta(days=2)
        row = {"number": number, "title": "A long one", "severity": "sev2", "status": "investigating"}
        connection.execute(insert(Incident), [{**row, "declared_at": declared, "channel_id": "CLONG"}])
        incident_id = connection.execute(select(Incident.id).where(Incident.number == number)).scalar_one()
        notes = [
            {
                "incident_id": incident_id,
                "at": declared + timedelta(seconds=10 * k),
                "kind": "note",
                "actor": f"U0{rng.randrange(20):04d}",
                "text": f"Checked shard {rng.randrange(64)}: latency back to {rng.randrange(90, 400)} ms",
                "data": "{}",
                "source": "slack",
            }
            for k in range(events)
        ]
        connection.execute(insert(TimelineEvent), notes)
    engine.dispose()
    return number


def fetch(reader: Visitor, path: str) -> tuple[float, int]:
    """Milliseconds from sending the request to the last byte, and the body's size in bytes."""
    started = time.perf_counter()
    page = reader.peek(path)
    assert page.status == 200, (path, page.status)
    return (time.perf_counter() - started) * 1000, len(page.text.encode())


def measure(reader: Visitor, path: str, repeat: int) -> dict[str, Any]:
    for _ in range(WARM_UP):
        fetch(reader, path)
    runs = [fetch(reader, path) for _ in range(repeat)]
    times = sorted(ms for ms, _ in runs)
    return {
        "path": path,
        "p50_ms": round(statistics.median(times), 1),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 1),
        "kb": round(runs[-1][1] / 1024, 1),
    }


def run(url: str, incidents: int, events: int, repeat: int) -> list[dict[str, Any]]:
    number = seed(url, incidents, events)
    with FakeSlack() as fake:
        bot = start_sign_in_bot(fake, url, ManualClock(NOW))
        try:
            reader = visitor(bot, ALICE)  # signed in through the fake's OpenID pages
            paths = ("/", "/?q=incident+42", f"/incidents/{number}", f"/incidents/{number}/timeline", "/overview")
            return [measure(reader, path, repeat) for path in paths]
        finally:
            bot.stop()


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--incidents", type=int, default=10000)
    parser.add_argument("--events", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with scratch_database(args.database_url, args.incidents) as url:
        results = run(url, args.incidents, args.events, args.repeat)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"load average {os.getloadavg()[0]:.1f}; {args.incidents} incidents, a {args.events}-entry timeline")
    for result in results:
        times = f"p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms"
        print(f"{result['path']:>32}  {times}  {result['kb']:7.1f} KB")


if __name__ == "__main__":
    main()
