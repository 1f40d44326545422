"""Standalone run: a total Slack outage of real minutes (10 by default) in the middle of work.

What it does: starts the strict fake Slack and the bot in this process (the test harness, with the
production delivery settings: 2 s backoff, 8 attempts, 10 s lease, 24 h patience, a delayed line
after 60 s, one message per second per channel), declares INCIDENTS incidents, then makes every
Web API call answer 503 for OUTAGE seconds while a note is sent to each incident every few seconds
(each must be acknowledged). Then Slack answers again, and it measures how long the backlog took to
drain and checks that every note arrived once, in order, followed by exactly one "messages were
delayed" line per incident.

    .venv/bin/python bench/long_outage.py [--outage 600] [--incidents 5] [--every 30]

Not part of the CI suite (the suite runs the same scenario compressed to 3 s:
tests/reliability/test_long_outages.py)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, Harness, start_harness

DELAYED = "Slack was unreachable for"
PRODUCTION = {
    "outbox_backoff_seconds": 2.0,
    "outbox_max_attempts": 8,
    "outbox_lease_seconds": 10.0,
    "slack_post_interval_seconds": 1.0,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=600.0, help="seconds of total outage")
    parser.add_argument("--incidents", type=int, default=5)
    parser.add_argument("--every", type=float, default=30.0, help="seconds between rounds of notes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        bot = start_harness(fake, f"sqlite:///{tmp}/outage.db", **PRODUCTION)
        try:
            return report(run(bot, args))
        finally:
            bot.stop()


def run(bot: Harness, args: argparse.Namespace) -> dict:
    channels = [bot.declare(f"sev2 Outage drill {n}", timeout=30)[0] for n in range(args.incidents)]
    bot.idle(timeout=60)
    bot.fake.inject("*", status=503, times=10**9)
    started, sent, refused = time.monotonic(), {channel: [] for channel in channels}, 0
    number = 0
    while time.monotonic() - started < args.outage:
        for channel in channels:
            refused += bot.send.command(f"note drill note {number:04d}", ALICE, channel).status != 200
            sent[channel].append(f"{number:04d}")
            number += 1
        time.sleep(min(args.every, max(0.0, args.outage - (time.monotonic() - started))))
    bot.fake.reset_faults()
    back = time.monotonic()
    bot.idle(timeout=args.outage + 600)
    drained = time.monotonic() - back
    return {"args": args, "sent": number, "refused": refused, "drained_seconds": drained, **check(bot, sent)}


def check(bot: Harness, sent: dict[str, list[str]]) -> dict:
    """Per incident channel: the notes sent, each once and in order, then one delayed line."""
    lost = duplicated = disordered = notices_wrong = 0
    for channel, numbers in sent.items():
        lines = bot.lines(channel)
        notes = [line.split("drill note ")[1][:4] for line in lines if "drill note " in line]
        duplicated += len(notes) - len(set(notes))
        disordered += notes != sorted(notes)
        lost += len(set(numbers) - set(notes))
        notices_wrong += [i for i, line in enumerate(lines) if DELAYED in line] != [len(lines) - 1]
    return {"duplicated": duplicated, "disordered": disordered, "notices_wrong": notices_wrong, "lost": lost}


def report(figures: dict) -> int:
    args = figures.pop("args")
    print(f"outage {args.outage:.0f} s, {args.incidents} incidents, a note each every {args.every:.0f} s")
    for key, value in figures.items():
        print(f"  {key}: {value:.1f}" if isinstance(value, float) else f"  {key}: {value}")
    return 1 if any(figures[key] for key in ("refused", "lost", "duplicated", "disordered", "notices_wrong")) else 0


if __name__ == "__main__":
    sys.exit(main())
