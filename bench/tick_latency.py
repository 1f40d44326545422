"""Benchmark: ticking a runbook checklist box, 20 people at once — the ack's latency, and that no
tick is lost.

What it does:
  1. starts the strict fake Slack (tests/fakeslack) in a process of its own and seeds a workspace;
  2. starts the real bot (`python -m bot run`, HTTP mode) with a policy whose runbook (20 steps, two
     checkbox groups of ten) attaches to every SEV3, on a fresh SQLite file or, with
     `--database-url postgresql+psycopg://…/<db>`, a fresh PostgreSQL database `bench_<pid>`;
  3. declares one incident and waits for its checklist message;
  4. runs `--rounds` rounds: in each, `--people` threads released by one barrier each send the signed
     `block_actions` Slack sends when a person ticks (odd rounds: unticks) their own step, all from the
     same message as it was before the round — ten people per checkbox group, each selection missing
     the others' ticks, as two people clicking at once see it; every ack is timed (until the HTTP
     response is fully read);
  5. after each round waits until the message in the fake shows every step in the expected state, and
     counts the steps that are not (lost ticks) and the time that took.

Run it from the repository root:

    .venv/bin/python bench/tick_latency.py [--rounds 20] [--people 20]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--json]

The bot shares the machine with the fake Slack and the load generator: compare runs, not machines.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from ack.figures import percentile
from ack.load import Client, warm_up
from ack.process import ROOT, BotProcess, bench_database, bot_env, free_port
from ack.remote import FakeHost, fake_slack
from ack.workspace import seed_workspace

STEPS = 20


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=20, help="rounds of simultaneous ticks (default 20)")
    parser.add_argument("--people", type=int, default=20, help=f"people ticking at once, at most {STEPS} (default 20)")
    parser.add_argument("--database-url", help="PostgreSQL server URL; default: a fresh SQLite file")
    parser.add_argument("--settle-timeout", type=float, default=60.0, help="seconds to wait for each round's message")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser.parse_args(argv)


def write_policy(workdir: Path) -> Path:
    (workdir / "runbooks").mkdir()
    steps = "".join(f"- [ ] Step {n}: check the thing numbered {n}\n" for n in range(1, STEPS + 1))
    (workdir / "runbooks" / "drill.md").write_text(f"# Bench drill\n\n{steps}")
    policy = workdir / "policy.toml"
    policy.write_text('[runbooks]\n[[runbooks.attach]]\nfile = "drill.md"\nmatch = { severity = "sev3" }\n')
    return policy


def checklist(fake: FakeHost, channel: str) -> dict[str, Any] | None:
    found = [
        m for m in fake.messages(channel) if (m.get("blocks") or [{}])[0].get("block_id", "").startswith("runbook-")
    ]
    return found[-1] if found else None


def ticked(message: dict[str, Any]) -> set[str]:
    groups = [b["elements"][0] for b in message["blocks"] if b["type"] == "actions"]
    return {o["value"] for element in groups for o in element.get("initial_options") or []}


def click_body(message: dict[str, Any], channel: str, person: int, tick: bool, user: str) -> bytes:
    """What Slack posts when `user` ticks (or unticks) step `person` on `message` as it was."""
    from tests.fakeslack import make_trigger_id

    block = [b for b in message["blocks"] if b["type"] == "actions"][person // 10]
    element = block["elements"][0]
    mine = element["options"][person % 10]
    before = [o for o in element.get("initial_options") or [] if o["value"] != mine["value"]]
    action = {**element, "block_id": block["block_id"], "selected_options": before + ([mine] if tick else [])}
    payload = {
        "type": "block_actions",
        "team": {"id": "T0TEAM"},
        "user": {"id": user},
        "api_app_id": "A0001",
        "trigger_id": make_trigger_id(),
        "channel": {"id": channel},
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel},
        "message": message,
        "actions": [action],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def one_round(
    client: Client, message: dict[str, Any], channel: str, people: int, tick: bool
) -> list[tuple[int, float]]:
    bodies = [click_body(message, channel, p, tick, f"U0TICK{p:02d}") for p in range(people)]
    barrier = threading.Barrier(people)

    def click(body: bytes) -> tuple[int, float]:
        barrier.wait()
        started = time.monotonic()
        return client.post(body), time.monotonic() - started

    with ThreadPoolExecutor(max_workers=people, thread_name_prefix="tick") as pool:
        return list(pool.map(click, bodies))


def settle(fake: FakeHost, channel: str, expected: set[str], timeout: float) -> tuple[float | None, int]:
    """Seconds until the message shows exactly `expected` ticked (None: not within `timeout`), and how
    many steps were still wrong at the end."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if (message := checklist(fake, channel)) and ticked(message) == expected:
            return time.monotonic() - started, 0
        time.sleep(0.05)
    return None, len(ticked(checklist(fake, channel) or {"blocks": []}) ^ expected)


def benchmark(args: argparse.Namespace, fake: FakeHost, workdir: Path) -> dict[str, Any]:
    general = seed_workspace(fake)
    port = free_port()
    with bench_database(args.database_url, workdir) as (database_url, backend):
        env = bot_env(fake, database_url, port) | {"INCIDENT_POLICY_FILE": str(write_policy(workdir))}
        bot = BotProcess(env, workdir / "bot.stderr")
        try:
            bot.wait_healthy(port)
            client = Client(port)
            channel, _ = warm_up(client, fake, general, 1)[0]
            acks, settled, lost, load_before = [], [], 0, os.getloadavg()
            for n in range(args.rounds):
                message = _wait(lambda: checklist(fake, channel), args.settle_timeout)
                tick = n % 2 == 0
                results = one_round(client, message, channel, args.people, tick)
                acks += [latency for status, latency in results if status == 200]
                options = [
                    o["value"] for b in message["blocks"] if b["type"] == "actions" for o in b["elements"][0]["options"]
                ]
                seconds, wrong = settle(
                    fake, channel, set(options[: args.people]) if tick else set(), args.settle_timeout
                )
                settled.append(seconds)
                lost += wrong
            return _figures(args, backend, acks, settled, lost, load_before)
        finally:
            bot.stop()


def _wait(found: Any, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := found()):
        if time.monotonic() > deadline:
            raise RuntimeError("the checklist message never appeared")
        time.sleep(0.05)
    return value


def _figures(args: argparse.Namespace, backend: str, acks: list[float], settled: list, lost: int, load: tuple) -> dict:
    ms = [a * 1000 for a in acks]
    done = [s for s in settled if s is not None]
    return {
        "backend": backend,
        "rounds": args.rounds,
        "people": args.people,
        "clicks": args.rounds * args.people,
        "acked_200": len(acks),
        "ack_ms": {q: _round(percentile(ms, p)) for q, p in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))},
        "round_settled_s": {"p50": _round(percentile(done, 50), 3), "max": _round(max(done), 3) if done else None},
        "rounds_not_settled": len(settled) - len(done),
        "lost_ticks": lost,
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in load],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not 1 <= args.people <= STEPS:
        raise SystemExit(f"--people must be 1 to {STEPS}")
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, fake_slack() as fake:
        data = benchmark(args, fake, Path(tmp))
    print(json.dumps(data, indent=2) if args.json else "\n".join(f"{k}: {v}" for k, v in data.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
