"""Benchmark: how fast the bot acknowledges `/incident` slash commands, and how long a declared
incident takes to get its pinned card.

What it does:
  1. starts the strict fake Slack (tests/fakeslack) in this process and seeds a workspace;
  2. starts the real bot as a subprocess (`python -m bot run`, HTTP mode) against it, on a fresh
     SQLite file or, with `--database-url postgresql+psycopg://…/<db>`, on a fresh PostgreSQL
     database `bench_<pid>` created through that server (and dropped at the end);
  3. warms up with a few declared incidents, whose channels become the targets of `note`/`status`;
  4. fires N signed `/incident` commands (⅓ declare, ⅓ note, ⅓ status) at POST /slack/events from
     C keep-alive client threads, timing each ack (until the HTTP response is fully read);
  5. watches every declare's response_url for the reply naming its channel, then that channel's
     pins, and times send → pinned card.

Run it from the repository root:

    .venv/bin/python bench/ack_latency.py [--requests 1000] [--concurrency 20]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--json]

The fake Slack and the load generator share this process (and its GIL), and the bot shares the
machine with both, so figures are an upper bound for the bot itself: compare runs, not machines.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.client
import itertools
import json
import math
import os
import platform
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

if TYPE_CHECKING:
    from tests.fakeslack import FakeSlack

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-signing-secret"
TEAM = "T0001"
DECLARERS = ("U0ALICE", "U0BOB", "U0CAROL", "U0DAVE")
STATUSES = ("investigating", "identified", "monitoring")
CHANNEL_MENTION = re.compile(r"<#([CG][A-Z0-9]+)")
STDERR_TAIL_LINES = 30


# --- helpers -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile, or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


# --- database ----------------------------------------------------------------------------------


@contextlib.contextmanager
def bench_database(server_url: str | None, workdir: Path) -> Iterator[tuple[str, str]]:
    """Yields (DATABASE_URL for the bot, backend name): a fresh SQLite file, or a fresh PostgreSQL
    database created on the server of `server_url` and dropped afterwards."""
    if not server_url or server_url.startswith("sqlite"):
        yield server_url or f"sqlite:///{workdir / 'incidents.db'}", "sqlite"
        return
    from sqlalchemy import create_engine, make_url, text

    name = f"bench_{os.getpid()}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(server_url).set(database=name)
        yield url.render_as_string(hide_password=False), f"postgresql ({url.host}:{url.port or 5432})"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- the bot subprocess ------------------------------------------------------------------------


class BotProcess:
    """`python -m bot run` in HTTP mode with stderr captured to a file."""

    def __init__(self, env: dict[str, str], stderr_path: Path) -> None:
        self.stderr_path = stderr_path
        self._stderr = stderr_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self._stderr
        )

    def wait_healthy(self, port: int, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"bot exited with {self.proc.returncode} before answering /healthz")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response,
            ):
                if response.status == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"bot did not answer /healthz with 200 within {timeout:.0f}s")

    def rss_mb(self) -> float | None:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
        return None

    def stderr_lines(self) -> list[str]:
        self._stderr.flush()
        return self.stderr_path.read_text(errors="replace").splitlines()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._stderr.close()


def bot_env(fake: FakeSlack, database_url: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_APP_TOKEN": "",  # HTTP mode, even if a .env says otherwise
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "INCIDENT_ANNOUNCE_CHANNEL": "#incidents",
        "LOG_LEVEL": "WARNING",
    }


# --- commands and the HTTP client --------------------------------------------------------------


@dataclass
class Command:
    kind: str
    text: str
    user: str
    channel: str
    response_url: str = ""
    sent_at: float = 0.0


@dataclass
class Result:
    kind: str
    status: int
    latency: float


def command_body(command: Command, fake: FakeSlack) -> bytes:
    """The form Slack posts for a slash command (fresh response_url and trigger_id)."""
    from tests.fakeslack import make_trigger_id

    command.response_url = fake.response_url()
    form = {
        "token": "x",
        "team_id": TEAM,
        "team_domain": "fake",
        "channel_id": command.channel,
        "channel_name": "x",
        "user_id": command.user,
        "user_name": command.user.lower(),
        "command": "/incident",
        "text": command.text,
        "api_app_id": "A0001",
        "response_url": command.response_url,
        "trigger_id": make_trigger_id(),
    }
    return urlencode(form).encode()


class Client:
    """One keep-alive connection per thread to the bot's /slack/events."""

    def __init__(self, port: int) -> None:
        from tests.support.signing import sign  # importable once main() has put the repo on sys.path

        self.port = port
        self._sign = functools.partial(sign, SECRET)
        self._local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        if getattr(self._local, "connection", None) is None:
            self._local.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        return self._local.connection

    def post(self, body: bytes) -> int:
        """POST a signed form; returns the status (0 when the connection failed)."""
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": self._sign(body, timestamp),
        }
        connection = self._connection()
        try:
            connection.request("POST", "/slack/events", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            self._local.connection = None
            return 0


def send(client: Client, fake: FakeSlack, command: Command, watcher: PinWatcher | None = None) -> Result:
    body = command_body(command, fake)
    started = time.monotonic()
    command.sent_at = started
    if watcher is not None and command.kind == "declare":
        watcher.watch(command)
    status = client.post(body)
    return Result(command.kind, status, time.monotonic() - started)


def paced(result: Result, gap: float) -> Result:
    time.sleep(gap)
    return result


def build_commands(count: int, general: str, targets: list[tuple[str, str]], seed: int = 7) -> list[Command]:
    """⅓ declare from a non-incident channel, ⅓ note and ⅓ status in random warm-up channels."""
    rng = random.Random(seed)
    statuses = itertools.cycle(STATUSES)
    commands = []
    for i in range(count):
        channel, user = rng.choice(targets)
        if i % 3 == 0:
            commands.append(Command("declare", f"declare sev3 Bench incident {i}", DECLARERS[i % 4], general))
        elif i % 3 == 1:
            commands.append(Command("note", f"note bench note {i}", user, channel))
        else:
            commands.append(Command("status", f"status {next(statuses)}", user, channel))
    return commands


# --- declare → pinned card ---------------------------------------------------------------------


@dataclass
class _Pending:
    command: Command
    channel: str | None = None


@dataclass
class PinWatcher:
    """Polls (every ~5 ms, in a background thread) each declare's response_url for the reply naming
    its channel, then that channel's pins; records send → first pin seen."""

    fake: FakeSlack
    interval: float = 0.005
    pinned: dict[str, float] = field(default_factory=dict)  # response_url → seconds from send
    channels: dict[str, str] = field(default_factory=dict)  # response_url → channel
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> PinWatcher:
        self._thread = threading.Thread(target=self._run, name="pin-watcher", daemon=True)
        self._thread.start()
        return self

    def watch(self, command: Command) -> None:
        with self._lock:
            self._pending[command.response_url] = _Pending(command)

    def wait(self, total: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.pinned) < total and time.monotonic() < deadline:
            time.sleep(0.05)
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                pending = list(self._pending.items())
            for url, item in pending:
                self._check(url, item)
            self._stop.wait(self.interval)

    def _check(self, url: str, item: _Pending) -> None:
        if item.channel is None:
            item.channel = reply_channel(self.fake, url)
            if item.channel is None:
                return
            self.channels[url] = item.channel
        if self.fake.pins(item.channel):
            self.pinned[url] = time.monotonic() - item.command.sent_at
            with self._lock:
                del self._pending[url]


def reply_channel(fake: FakeSlack, response_url: str) -> str | None:
    for payload in fake.responses(response_url):
        if match := CHANNEL_MENTION.search(json.dumps(payload, ensure_ascii=False)):
            return match.group(1)
    return None


# --- phases ------------------------------------------------------------------------------------


def seed_workspace(fake: FakeSlack) -> str:
    """Declarers, a few bystanders, #general and the announce channel #incidents; returns #general."""
    for user_id in DECLARERS:
        name = user_id[3:].lower()
        fake.add_user(user_id, name, real_name=name.title(), email=f"{name}@example.com")
    for i in range(1, 9):
        fake.add_user(f"U0EXTRA{i}", f"extra{i}", real_name=f"Extra {i}")
    general = fake.add_channel("general", members=(*DECLARERS, "UBOT"))
    fake.add_channel("incidents", members=DECLARERS[:2])
    return general


def warm_up(client: Client, fake: FakeSlack, general: str, count: int, timeout: float = 60.0) -> list[tuple[str, str]]:
    """Declare `count` incidents and wait for their pinned cards; returns (channel, declarer) pairs."""
    watcher = PinWatcher(fake).start()
    commands = [
        Command("declare", f"declare sev3 Warm-up incident {i}", DECLARERS[i % 4], general) for i in range(count)
    ]
    for command in commands:
        result = send(client, fake, command, watcher)
        if result.status != 200:
            raise RuntimeError(f"warm-up declare answered {result.status}")
    watcher.wait(count, timeout)
    if len(watcher.pinned) < count:
        raise RuntimeError(f"only {len(watcher.pinned)}/{count} warm-up incidents got a pinned card in {timeout:.0f}s")
    return [(watcher.channels[c.response_url], c.user) for c in commands]


@dataclass
class LoadRun:
    results: list[Result]
    wall: float
    watcher: PinWatcher
    declares: int


def run_load(
    port: int, fake: FakeSlack, commands: list[Command], concurrency: int, pin_timeout: float, gap: float = 0.0
) -> LoadRun:
    client = Client(port)
    watcher = PinWatcher(fake).start()
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="load") as pool:
        results = list(pool.map(lambda command: paced(send(client, fake, command, watcher), gap), commands))
    wall = time.monotonic() - started
    declares = sum(1 for command in commands if command.kind == "declare")
    watcher.wait(declares, pin_timeout)
    return LoadRun(results, wall, watcher, declares)


def reply_summary(fake: FakeSlack, commands: list[Command]) -> dict[str, dict[str, int]]:
    """Per command kind: how many were sent, got an ephemeral reply, and got one reporting a failure."""
    summary: dict[str, dict[str, int]] = {}
    for command in commands:
        counts = summary.setdefault(command.kind, {"sent": 0, "replied": 0, "failed": 0})
        texts = [json.dumps(p, ensure_ascii=False) for p in fake.responses(command.response_url)]
        counts["sent"] += 1
        counts["replied"] += bool(texts)
        counts["failed"] += any("⚠️" in t or "went wrong" in t for t in texts)
    return summary


# --- report ------------------------------------------------------------------------------------

LOG_LINE = re.compile(r"^\S+ \S+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) (\S+):")


def stderr_summary(lines: list[str]) -> dict[str, int]:
    """Counts of the bot's log lines by "LEVEL logger" (other lines, e.g. tracebacks, as "other")."""
    counts: dict[str, int] = {}
    for line in lines:
        match = LOG_LINE.match(line)
        key = f"{match.group(1)} {match.group(2)}" if match else "other"
        counts[key] = counts.get(key, 0) + 1
    return counts


def figures(
    args: argparse.Namespace, backend: str, load: LoadRun, fake: FakeSlack, commands: list[Command], bot: BotProcess
) -> dict[str, Any]:
    latencies = [r.latency for r in load.results]
    non_200 = [r for r in load.results if r.status != 200]
    pinned = list(load.watcher.pinned.values())
    stderr = bot.stderr_lines()
    return {
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()},
        "date_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "database": backend,
        "requests": len(load.results),
        "concurrency": args.concurrency,
        "ack_ms": {f"p{p}": ms(percentile(latencies, p)) for p in (50, 95, 99)} | {"max": ms(max(latencies))},
        "ack_ms_by_kind": {
            kind: {f"p{p}": ms(percentile([r.latency for r in load.results if r.kind == kind], p)) for p in (50, 99)}
            for kind in ("declare", "note", "status")
        },
        "non_200": len(non_200),
        "non_200_statuses": sorted({r.status for r in non_200}),
        "throughput_rps": round(len(load.results) / load.wall, 1),
        "declare_to_pinned_ms": {
            "p50": ms(percentile(pinned, 50)),
            "p99": ms(percentile(pinned, 99)),
            "max": ms(max(pinned, default=None)),
        },
        "declare_to_pinned_completed": len(pinned),
        "declare_to_pinned_total": load.declares,
        "replies": reply_summary(fake, commands),
        "bot_rss_mb": bot.rss_mb(),
        "bot_stderr_lines": len(stderr),
        "bot_stderr_by_logger": stderr_summary(stderr),
        "bot_stderr_tail": stderr[-STDERR_TAIL_LINES:],
    }


def print_report(data: dict[str, Any]) -> None:
    ack, pin, machine = data["ack_ms"], data["declare_to_pinned_ms"], data["machine"]
    print(f"machine        {machine['platform']}, {machine['cpus']} CPUs, Python {machine['python']}")
    print(f"date (UTC)     {data['date_utc']}")
    print(f"database       {data['database']}")
    print(f"requests       {data['requests']} at concurrency {data['concurrency']}")
    print(f"ack latency    p50 {ack['p50']} ms, p95 {ack['p95']} ms, p99 {ack['p99']} ms, max {ack['max']} ms")
    for kind, by_kind in data["ack_ms_by_kind"].items():
        print(f"  {kind:<12} p50 {by_kind['p50']} ms, p99 {by_kind['p99']} ms")
    print(f"non-200        {data['non_200']} {data['non_200_statuses'] or ''}".rstrip())
    print(f"throughput     {data['throughput_rps']} requests/s")
    print(
        f"declare→pinned p50 {pin['p50']} ms, p99 {pin['p99']} ms, max {pin['max']} ms "
        f"({data['declare_to_pinned_completed']}/{data['declare_to_pinned_total']} completed)"
    )
    print("replies (response_url), by kind:")
    for kind, counts in data["replies"].items():
        print(f"  {kind:<12} {counts['replied']}/{counts['sent']} replied, {counts['failed']} failure replies")
    print(f"bot RSS        {data['bot_rss_mb']} MB")
    print(f"bot stderr     {data['bot_stderr_lines']} lines {data['bot_stderr_by_logger'] or ''}".rstrip())
    if (ack["p99"] or 0) > 100:
        print(f"WARNING: p99 ack latency {ack['p99']} ms is above the 100 ms target")
    if data["bot_stderr_tail"]:
        print("--- bot stderr (tail) ---")
        print("\n".join(data["bot_stderr_tail"]))


# --- main --------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=1000, help="slash commands to send (default 1000)")
    parser.add_argument("--concurrency", type=int, default=20, help="client threads (default 20)")
    parser.add_argument("--warmup", type=int, default=10, help="incidents declared before measuring (default 10)")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL server URL (a fresh bench_<pid> database is created there); default: a fresh SQLite file",
    )
    parser.add_argument("--pin-timeout", type=float, default=120.0, help="seconds to wait for pinned cards")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--gap-ms",
        type=float,
        default=0.0,
        help="pause after each request per client thread: with --concurrency 1, measures one declare at a time",
    )
    return parser.parse_args(argv)


def benchmark(args: argparse.Namespace, fake: FakeSlack, workdir: Path) -> dict[str, Any]:
    general = seed_workspace(fake)
    port = free_port()
    with bench_database(args.database_url, workdir) as (database_url, backend):
        bot = BotProcess(bot_env(fake, database_url, port), workdir / "bot.stderr")
        try:
            bot.wait_healthy(port)
            targets = warm_up(Client(port), fake, general, args.warmup)
            commands = build_commands(args.requests, general, targets)
            load = run_load(port, fake, commands, args.concurrency, args.pin_timeout, args.gap_ms / 1000)
            return figures(args, backend, load, fake, commands, bot)
        except BaseException:
            print("--- bot stderr (tail) ---", *bot.stderr_lines()[-STDERR_TAIL_LINES:], sep="\n", file=sys.stderr)
            raise
        finally:
            bot.stop()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from tests.fakeslack import FakeSlack

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, FakeSlack() as fake:
        data = benchmark(args, fake, Path(tmp))
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_report(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
