"""Benchmark: `/incident stats 90d` and `incident-bot export` over many incidents.

What it does:
  1. creates a fresh SQLite file (or, with `--database-url postgresql+psycopg://…/<db>`, a fresh
     schema `bench_stats_<pid>` on that server, dropped at the end) and migrates it;
  2. bulk-inserts `--incidents` incidents (default 10,000) declared over the last `--days` days
     (default 90: every one of them counts in `stats 90d`), with a seeded mix of severities and
     statuses (5 % cancelled, 10 % still open, 10 % private), 1–2 of 40 services each, an alert group
     (one of 300 keys, 3 alerts) for 60 % of them, 3 action items, 1–3 role holdings and 6 timeline
     events each;
  3. times the core of `/incident stats 90d` (`bot.core.stats.report` in one read transaction, as the
     Slack handler calls it) and the Block Kit answer built from it, `--repeat` times, and reports the
     median, the fastest and the slowest (wall) and the median CPU time, and the peak of Python
     allocations during one run (tracemalloc);
  4. times `incident-bot export`'s core (`bot.core.export.export`, private incidents included) in CSV
     and JSON into /dev/null, with its allocation peak: it streams, so the peak stays flat as the
     number of incidents grows.

Run it from the repository root:

    .venv/bin/python bench/stats.py [--incidents 10000] [--days 90] [--repeat 7]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--json]
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scratch import options, scratch_database
from sqlalchemy import Engine, insert, select

from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.export import Selection, export
from bot.core.policy import DEFAULT_POLICY
from bot.core.stats import Period, report
from bot.slack.blocks import stats as stats_blocks
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.store.models import (
    ActionItem,
    Alert,
    AlertGroup,
    Incident,
    IncidentService,
    RoleAssignment,
    TimelineEvent,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SEVERITIES = ("sev1", "sev2", "sev2", "sev3", "sev3", "sev3", "sev4")
KINDS = ("declared", "acknowledged", "status", "update", "pin", "resolved")
MILESTONES = ("acknowledged_at", "identified_at", "mitigated_at", "resolved_at", "closed_at", "cancelled_at")


def incident(rng: random.Random, number: int, days: int) -> dict[str, Any]:
    declared = NOW - timedelta(seconds=rng.uniform(60, days * 86400 - 60))
    row: dict[str, Any] = {
        **dict.fromkeys((*MILESTONES, "postmortem_done_at")),
        "number": number,
        "title": f"Incident {number}",
        "severity": rng.choice(SEVERITIES),
        "private": rng.random() < 0.1,
        "declared_at": declared,
        "status": "investigating",
        "channel_id": f"C{number:08d}",
    }
    fate = rng.random()
    if fate < 0.05:
        return {**row, "status": "cancelled", "cancelled_at": declared + timedelta(minutes=5)}
    row["acknowledged_at"] = declared + timedelta(seconds=rng.uniform(30, 1800))
    if fate < 0.15:
        return row
    resolved = declared + timedelta(seconds=rng.uniform(600, 36000))
    closed = rng.random() < 0.7
    done = closed and rng.random() < 0.6
    return {
        **row,
        "status": "closed" if closed else "resolved",
        "identified_at": declared + timedelta(seconds=rng.uniform(300, 600)),
        "mitigated_at": resolved - timedelta(minutes=5),
        "resolved_at": resolved,
        "closed_at": resolved + timedelta(hours=1) if closed else None,
        "postmortem_done_at": min(NOW, resolved + timedelta(days=2)) if done else None,
    }


def populate(engine: Engine, size: int, days: int) -> None:
    rng = random.Random(13)
    with engine.begin() as connection:
        connection.execute(insert(Incident), [incident(rng, n, days) for n in range(1, size + 1)])
        found = connection.execute(select(Incident.id, Incident.declared_at)).all()
        rows: dict[type, list[dict[str, Any]]] = {t: [] for t in (IncidentService, AlertGroup, ActionItem)}
        roles, events = [], []
        for incident_id, at in found:
            for name in rng.sample(range(40), rng.choice((1, 2))):
                rows[IncidentService].append({"incident_id": incident_id, "name": f"service-{name}", "added_at": at})
            if rng.random() < 0.6:
                key = f"am/group-{rng.randrange(300)}"
                group = {"key": key, "source": "alertmanager", "action": "declare", "title": key, "links": "{}"}
                rows[AlertGroup].append({**group, "incident_id": incident_id, "opened_at": at})
            for k in range(3):
                status = "done" if rng.random() < 0.5 else "open"
                rows[ActionItem].append(
                    {"incident_id": incident_id, "text": f"item {k}", "status": status, "created_at": at}
                )
            roles += [{"incident_id": incident_id, "role": "commander", "user_id": f"U{r}", "assigned_at": at}
                      for r in range(rng.choice((1, 2, 3)))]  # fmt: skip
            events += [{"incident_id": incident_id, "at": at, "kind": kind, "text": "", "data": "{}", "source": "slack"}
                       for kind in KINDS]  # fmt: skip
        for table, batch in (*rows.items(), (RoleAssignment, roles), (TimelineEvent, events)):
            connection.execute(insert(table), batch)
        groups = connection.execute(select(AlertGroup.id, AlertGroup.opened_at)).all()
        alert = {"labels": "{}", "annotations": "{}"}
        alerts = [
            {**alert, "group_id": g, "fingerprint": f"f{g}-{k}", "starts_at": at, "received_at": at}
            for g, at in groups
            for k in range(3)
        ]
        connection.execute(insert(Alert), alerts)


def timed(work: Callable[[], Any], repeat: int) -> tuple[list[float], list[float], Any]:
    """Wall and CPU milliseconds of each run, and the last result. CPU time is this process's only:
    on a shared machine it is what the work costs; wall time adds the wait for a core (and, on
    PostgreSQL, the server's own work, which CPU time leaves out)."""
    wall, cpu, result = [], [], None
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        result = work()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return wall, cpu, result


def peak_mb(work: Callable[[], Any]) -> float:
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return round(peak / 2**20, 1)


def export_to_null(desk: Desk, form: str) -> int:
    with open(os.devnull, "w", encoding="utf-8", newline="") as out:
        return desk.read(export, Selection(include_private=True), form, out).written


def measure(url: str, size: int, days: int, repeat: int) -> dict[str, Any]:
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    populate(engine, size, days)
    seeded = time.perf_counter() - started
    desk = Desk(engine, ManualClock(NOW))
    period = Period("90d", 90)
    stats_ms, stats_cpu, figures = timed(lambda: desk.read(report, period), repeat)
    answer_ms, _, blocks = timed(lambda: stats_blocks.stats(figures, DEFAULT_POLICY.severities, set()), repeat)
    result = {
        "incidents": size,
        "counted_90d": figures.total,
        "repeats": len(figures.repeats),
        "seed_s": round(seeded, 1),
        "stats_ms": round(statistics.median(stats_ms), 1),
        "stats_min_ms": round(min(stats_ms), 1),
        "stats_max_ms": round(max(stats_ms), 1),
        "stats_cpu_ms": round(statistics.median(stats_cpu), 1),
        "stats_peak_mb": peak_mb(lambda: desk.read(report, period)),
        "answer_ms": round(statistics.median(answer_ms), 2),
        "answer_blocks": len(blocks),
    }
    for form in ("csv", "json"):
        export_ms, export_cpu, written = timed(lambda form=form: export_to_null(desk, form), max(3, repeat // 2))
        assert written == size, (written, size)
        result[f"export_{form}_ms"] = round(statistics.median(export_ms), 1)
        result[f"export_{form}_min_ms"] = round(min(export_ms), 1)
        result[f"export_{form}_cpu_ms"] = round(statistics.median(export_cpu), 1)
        result[f"export_{form}_peak_mb"] = peak_mb(lambda form=form: export_to_null(desk, form))
    engine.dispose()
    return result


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--incidents", type=int, default=10000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with scratch_database(args.database_url, args.incidents) as url:
        result = measure(url, args.incidents, args.days, args.repeat)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{'load average':>20}  {os.getloadavg()[0]:.1f}")
    for key, value in result.items():
        print(f"{key:>20}  {value}")


if __name__ == "__main__":
    main()
