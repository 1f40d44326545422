"""Benchmark: the public status page under 200 concurrent readers.

What it does:
  1. creates a fresh SQLite file (or, with `--database-url postgresql+psycopg://…/<db>`, a fresh
     schema on that server, dropped at the end), migrates it and fills it through the core:
     `--incidents` incidents (default 60) declared over the last 90 days, all but 3 resolved, each
     with 3 public and 2 internal updates and 2 services, plus private ones that never show;
  2. serves `/status`, `/status.json` and `/status/feed.atom` from the bot's own listener (waitress,
     16 threads, the Flask app) in a process of its own, counting the database statements it runs;
  3. opens `--readers` keep-alive connections (default 200) from one asyncio client and has each
     read the three answers in turn for `--seconds` (default 20): once with a think time of 0.5–1.5 s
     between reads (readers who look at the page), once with none (the listener saturated);
  4. reports, per run, requests, throughput, latency p50 / p99 / max, and how many database
     statements the server ran in all: with the cache, a handful per 5 seconds, not one per request.

Run it from the repository root:

    .venv/bin/python bench/status_page.py [--readers 200] [--seconds 20] [--incidents 60]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import random
import statistics
import sys
import threading
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scratch import options, scratch_database
from sqlalchemy import event

from bot.core import incident_services, incidents, lifecycle, timeline
from bot.core.clock import ManualClock, SystemClock
from bot.core.desk import Desk
from bot.core.incidents import DeclareRequest
from bot.core.policy import DEFAULT_POLICY
from bot.core.policy.model import StatusPage
from bot.server import http_server, wsgi_app
from bot.settings import Settings
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.web import WebContext, create_app

PATHS = ("/status", "/status.json", "/status/feed.atom")
POLICY = replace(DEFAULT_POLICY, status=StatusPage(("Checkout", "Search", "API")))
SERVICES = ("checkout", "search", "api", "billing")


def fill(url: str, count: int) -> None:
    """Incidents spread over the last 90 days, made through the core as the bot makes them."""
    engine = make_engine(url)
    upgrade(engine)
    clock = ManualClock(SystemClock().now() - timedelta(days=89))
    desk, rng = Desk(engine, clock, policy=POLICY), random.Random(14)
    for n in range(1, count + 1):
        clock.advance(hours=89 * 24 / count)
        private = n % 10 == 0
        severity = rng.choice(("sev1", "sev2", "sev3"))
        request = DeclareRequest(f"Incident {n}: things are slow", "U0ALICE", severity, private=private)
        number = desk.run(incidents.declare, request).incident.number
        desk.run(incident_services.add, number, " ".join(rng.sample(SERVICES, 2)), "U0ALICE")
        for i in range(5):
            clock.advance(minutes=5)
            public = i % 2 == 0 and not private
            desk.run(timeline.post_update, number, "U0BOB", f"Update {i} on incident {n}: " + "words " * 30, public)
        if n <= count - 3:
            desk.run(lifecycle.resolve, number, "U0BOB", "fixed")
    engine.dispose()


def serve(url: str, ready: Any, stop: Any, statements: Any) -> None:
    """The listener as `incident-bot run` builds it (no Slack), counting statements."""
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # as bot/runtime.py: queueing is normal here
    engine = make_engine(url)
    event.listen(engine, "before_cursor_execute", lambda *a, **k: _count(statements))
    desk = Desk(engine, SystemClock(), policy=POLICY)
    web = create_app(WebContext(Settings(database_url=url), desk, None, None, None))  # type: ignore[arg-type]  # no dashboard here
    server = http_server(wsgi_app(None, engine, None, None, web), "127.0.0.1", 0, threads=16)
    ready.put(server.effective_port)
    threading.Thread(target=server.run, daemon=True).start()
    stop.wait()


def _count(statements: Any) -> None:
    with statements.get_lock():
        statements.value += 1


async def reader(port: int, until: float, think: bool, latencies: list[float], rng: random.Random) -> None:
    if think:
        await asyncio.sleep(rng.uniform(0, 1.5))  # readers arrive over a second or so, not in one instant
    stream_in, stream_out = await asyncio.open_connection("127.0.0.1", port)
    i = rng.randrange(3)
    while time.perf_counter() < until:
        path = PATHS[i % 3]
        i += 1
        start = time.perf_counter()
        stream_out.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
        head = await stream_in.readuntil(b"\r\n\r\n")
        await stream_in.readexactly(_length(head))
        assert head.startswith(b"HTTP/1.1 200"), head[:40]
        latencies.append(time.perf_counter() - start)
        if think:
            await asyncio.sleep(rng.uniform(0.5, 1.5))
    stream_out.close()


def _length(head: bytes) -> int:
    return int(next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")).split(b":")[1])


async def crowd(port: int, readers: int, seconds: float, think: bool) -> list[float]:
    latencies: list[float] = []
    until, rng = time.perf_counter() + seconds, random.Random(7)
    await asyncio.gather(*(reader(port, until, think, latencies, rng) for _ in range(readers)))
    return latencies


def run(port: int, statements: Any, readers: int, seconds: float, think: bool) -> dict[str, Any]:
    before = statements.value
    started = time.perf_counter()
    latencies = sorted(asyncio.run(crowd(port, readers, seconds, think)))
    elapsed = time.perf_counter() - started
    ms = [x * 1000 for x in latencies]
    return {
        "think_time": think,
        "readers": readers,
        "requests": len(ms),
        "per_second": round(len(ms) / elapsed, 1),
        "p50_ms": round(statistics.median(ms), 1),
        "p99_ms": round(ms[int(len(ms) * 0.99) - 1], 1),
        "max_ms": round(ms[-1], 1),
        "database_statements": statements.value - before,
    }


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--incidents", type=int, default=60)
    args = parser.parse_args()
    with scratch_database(args.database_url, args.incidents) as url:
        fill(url, args.incidents)
        results = measure(url, args)
    for result in results:
        print(json.dumps(result) if args.json else "  ".join(f"{k}={v}" for k, v in result.items()))


def measure(url: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    context = multiprocessing.get_context("spawn")
    ready, stop, statements = context.Queue(), context.Event(), context.Value("q", 0)
    server = context.Process(target=serve, args=(url, ready, stop, statements), daemon=True)
    server.start()
    try:
        port = ready.get(timeout=60)
        return [run(port, statements, args.readers, args.seconds, think) for think in (True, False)]
    finally:
        stop.set()
        server.join(10)


if __name__ == "__main__":
    main()
