"""Benchmark: how fast the bot acknowledges `/incident` slash commands, and how long a declared
incident takes to get its pinned card.

What it does:
  1. starts the strict fake Slack (tests/fakeslack) in a process of its own (bench/ack/remote.py;
     `--fake-in-process`: in this one, as before 2026-12-06) and seeds a workspace; the fake answers
     at once with no rate limits unless `--slack-limits` makes it enforce Slack's;
  2. starts the real bot as a subprocess (`python -m bot run`, HTTP mode) against it, on a fresh
     SQLite file or, with `--database-url postgresql+psycopg://…/<db>`, on a fresh PostgreSQL
     database `bench_<pid>` created through that server (and dropped at the end);
  3. warms up with a few declared incidents, whose channels become the targets of `note`/`status`;
  4. fires N signed `/incident` commands (⅓ declare, ⅓ note, ⅓ status; `--declares-only`: all
     declares) at POST /slack/events from C keep-alive client threads, timing each ack (until the
     HTTP response is fully read);
  5. watches every declare's response_url for the reply naming its channel, then that channel's
     pins, and times send → pinned card, and the time until every card is pinned; counts the status
     changes answered (a reply, or their line in the channel).

Run it from the repository root:

    .venv/bin/python bench/ack_latency.py [--requests 1000] [--concurrency 20]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--json]
    .venv/bin/python bench/ack_latency.py --requests 200 --concurrency 200 --declares-only   # 200 at once

The bot shares the machine with the fake Slack and the load generator, so figures are an upper
bound for the bot itself: compare runs, not machines.
The parts live in bench/ack/.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ack.figures import figures, print_report, status_answers
from ack.load import Client, Command, LoadRun, build_commands, run_load, warm_up
from ack.process import ROOT, STDERR_TAIL_LINES, BotProcess, bench_database, bot_env, free_port
from ack.remote import FakeHost, fake_slack
from ack.serverside import ack_buckets, share_within
from ack.workspace import seed_workspace


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
    parser.add_argument(
        "--answer-timeout", type=float, default=120.0, help="seconds to wait for every status change's answer"
    )
    parser.add_argument(
        "--declares-only", action="store_true", help="every request a declare (with --concurrency N: N at once)"
    )
    parser.add_argument(
        "--slack-limits", action="store_true", help="the fake enforces Slack's rate limits (default: none)"
    )
    parser.add_argument(
        "--fake-in-process",
        action="store_true",
        help="the fake Slack shares the load generator's interpreter (the method before 2026-12-06 07:00 UTC)",
    )
    parser.add_argument(
        "--bot-root", type=Path, default=ROOT, help="the checkout whose bot to run (A/B: another branch's copy)"
    )
    return parser.parse_args(argv)


def wait_for_status_answers(
    fake: FakeHost, commands: list[Command], load: LoadRun, started: float, timeout: float
) -> float | None:
    """Status changes are answered by their line in the channel, which that channel's pace (one post
    a second after a burst) lets out in turn: wait up to `timeout` from the first request; returns
    the seconds until every one was answered, or None."""
    while (elapsed := time.monotonic() - started) < timeout:
        answers = status_answers(fake, commands, load.started_wall)
        if answers["answered"] >= answers["sent"]:
            return elapsed
        time.sleep(0.2)
    return None


def benchmark(args: argparse.Namespace, fake: FakeHost, workdir: Path) -> dict[str, Any]:
    general = seed_workspace(fake)
    port = free_port()
    with bench_database(args.database_url, workdir) as (database_url, backend):
        bot = BotProcess(bot_env(fake, database_url, port), workdir / "bot.stderr", args.bot_root)
        try:
            bot.wait_healthy(port)
            targets = warm_up(Client(port), fake, general, args.warmup)
            if args.slack_limits:
                fake.enforce_rate_limits()
            commands = build_commands(args.requests, general, targets, declares_only=args.declares_only)
            before, started = ack_buckets(port), time.monotonic()
            load = run_load(port, fake, commands, args.concurrency, args.pin_timeout, args.gap_ms / 1000)
            after = ack_buckets(port)
            answered = wait_for_status_answers(fake, commands, load, started, args.answer_timeout)
            extra = {"status_answered_after_s": answered, "bot_acks_within": share_within(before, after)}
            return figures(args, backend, load, fake, commands, bot) | extra
        except BaseException:
            print("--- bot stderr (tail) ---", *bot.stderr_lines()[-STDERR_TAIL_LINES:], sep="\n", file=sys.stderr)
            raise
        finally:
            bot.stop()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, fake_slack(in_process=args.fake_in_process) as fake:
        data = benchmark(args, fake, Path(tmp))
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_report(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
