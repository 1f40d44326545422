"""Benchmark: one reminder-ticker pass with many open incidents and a few due.

What it does, for each size N (default 1,000 and 10,000):
  1. creates a fresh SQLite file (or, with `--database-url postgresql+psycopg://…/<db>`, a fresh
     schema `bench_sched_<pid>` on that server, dropped at the end) and migrates it;
  2. bulk-inserts N open SEV2 incidents, each with a pending update nudge; `--due` of them (default
     100) are already due, the rest due later;
  3. times one pass of the ticker (`Ticker.tick`: claim the due rows in batches of 200, queue each
     nudge in the outbox, move the row a cadence on, commit) and a pass with nothing due, `--repeat`
     times each on a fresh slice of due rows, and reports the median and the slowest;
  4. reports the process's resident memory (VmRSS) after the pass.

Run it from the repository root:

    .venv/bin/python bench/scheduler.py [--sizes 1000 10000] [--due 100] [--repeat 5]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--json]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scratch import options, scratch_database
from sqlalchemy import Engine, insert, text, update

from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.jobs.ticker import Ticker
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.store.models import Incident, ScheduledItem

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def populate(engine: Engine, size: int) -> None:
    incidents = [
        {
            "number": n,
            "title": f"Incident {n}",
            "severity": "sev2",
            "status": "investigating",
            "private": False,
            "declared_at": NOW - timedelta(hours=1),
        }
        for n in range(1, size + 1)
    ]
    with engine.begin() as connection:
        connection.execute(insert(Incident), incidents)
        ids = [row[0] for row in connection.execute(text("SELECT id FROM incident ORDER BY id"))]
        rows = [
            {"incident_id": i, "kind": "update_nudge", "due_at": NOW + timedelta(minutes=10), "payload": "{}"}
            for i in ids
        ]
        connection.execute(insert(ScheduledItem), rows)


def make_due(engine: Engine, due: int, offset: int) -> None:
    """Set `due` nudges (a different slice each repeat) to have fallen due a minute ago."""
    with engine.begin() as connection:
        ids = [
            r[0]
            for r in connection.execute(
                text("SELECT id FROM schedule ORDER BY incident_id LIMIT :n OFFSET :o"), {"n": due, "o": offset}
            )
        ]
        connection.execute(
            update(ScheduledItem).where(ScheduledItem.id.in_(ids)).values(due_at=NOW - timedelta(minutes=1))
        )


def timed_pass(ticker: Ticker) -> tuple[float, int]:
    started = time.perf_counter()
    fired = ticker.tick()
    return (time.perf_counter() - started) * 1000, fired


def measure(url: str, size: int, due: int, repeat: int) -> dict:
    engine = make_engine(url)
    upgrade(engine)
    populate(engine, size)
    ticker = Ticker(Desk(engine, ManualClock(NOW)))
    busy, idle = [], []
    for r in range(repeat):
        make_due(engine, due, r * due)
        elapsed, fired = timed_pass(ticker)
        assert fired == due, (fired, due)
        busy.append(elapsed)
        idle.append(timed_pass(ticker)[0])
    engine.dispose()
    return {
        "open": size,
        "due": due,
        "pass_ms": round(statistics.median(busy), 1),
        "pass_max_ms": round(max(busy), 1),
        "idle_pass_ms": round(statistics.median(idle), 2),
        "rss_mb": round(rss_mb(), 1),
    }


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--due", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        with scratch_database(args.database_url, size) as url:
            results.append(measure(url, size, args.due, args.repeat))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'open':>7} {'due':>5} {'pass p50':>10} {'pass max':>10} {'nothing due':>12} {'RSS':>8}")
    for r in results:
        print(
            f"{r['open']:>7} {r['due']:>5} {r['pass_ms']:>8} ms {r['pass_max_ms']:>7} ms"
            f" {r['idle_pass_ms']:>9} ms {r['rss_mb']:>5} MB"
        )


if __name__ == "__main__":
    main()
