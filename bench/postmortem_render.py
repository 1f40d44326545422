"""Benchmark: render the postmortem draft of an incident with a 10,000-event timeline.

What it does:
  1. creates a fresh SQLite file (or, with `--database-url postgresql+psycopg://…/<db>`, a fresh
     schema on that server, dropped at the end) and migrates it;
  2. builds a resolved SEV2 with `--events` timeline entries over a week (tests/core/postmortem_scenarios.py
     `long_timeline`: notes, a pinned message with its link every 100 entries, the resolve);
  3. renders its draft `--repeat` times as `incident-bot postmortem` does (one read transaction:
     load the incident, its timeline, roles, alerts, action items and budgets, then the template) and
     reports the median and the slowest wall time, and the median CPU time of the process (on a
     shared machine the wall time includes waiting for a core; a PostgreSQL server's work is not in
     the CPU time);
  4. renders it once more under tracemalloc for the peak Python memory of one render, and reports the
     process's peak resident memory (ru_maxrss).

Run it from the repository root:

    .venv/bin/python bench/postmortem_render.py [--events 10000] [--repeat 7]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--json]
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scratch import options, scratch_database

from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.postmortem import Postmortems
from bot.rendering import TemplateSet
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from tests.core.postmortem_scenarios import long_timeline


def measure(url: str, events: int, repeat: int) -> dict:
    engine = make_engine(url)
    upgrade(engine)
    clock = ManualClock()
    desk = Desk(engine, clock)
    long_timeline(desk, clock, events)
    drafts = Postmortems(TemplateSet())
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        draft = desk.read(drafts.draft, 1)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    tracemalloc.start()
    desk.read(drafts.draft, 1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    engine.dispose()
    return {
        "database": url.split(":", 1)[0],
        "events": events,
        "draft_kb": round(len(draft.encode()) / 1024),
        "render_ms": round(statistics.median(times), 1),
        "render_max_ms": round(max(times), 1),
        "render_cpu_ms": round(statistics.median(cpu), 1),  # this process's CPU: what a busy machine adds is waiting
        "peak_traced_mb": round(peak / 2**20, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with scratch_database(args.database_url, args.events) as url:
        result = measure(url, args.events, args.repeat)
    if args.json:
        print(json.dumps(result))
    else:
        print("  ".join(f"{key}={value}" for key, value in result.items()))


if __name__ == "__main__":
    main()
