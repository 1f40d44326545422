"""The figures: ack percentiles, declare → pinned card, replies, and the bot's own log."""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ack.load import Command, LoadRun
from ack.process import STDERR_TAIL_LINES, BotProcess

if TYPE_CHECKING:
    from ack.remote import FakeHost


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile, or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def reply_summary(fake: FakeHost, commands: list[Command]) -> dict[str, dict[str, int]]:
    """Per command kind: how many were sent, got an ephemeral reply, and got one reporting a failure."""
    summary: dict[str, dict[str, int]] = {}
    for command in commands:
        counts = summary.setdefault(command.kind, {"sent": 0, "replied": 0, "failed": 0})
        texts = [json.dumps(p, ensure_ascii=False) for p in fake.responses(command.response_url)]
        counts["sent"] += 1
        counts["replied"] += bool(texts)
        counts["failed"] += any("⚠️" in t or "went wrong" in t for t in texts)
    return summary


LOG_LINE = re.compile(r"^\S+ \S+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) (\S+):")


def status_answers(fake: FakeHost, commands: list[Command], since: float) -> dict[str, int]:
    """Status changes sent, and answered: by an ephemeral reply (e.g. "already identified") or by
    their line in the incident channel ("… set status to …"), counted per channel since `since`."""
    sent: dict[str, int] = {}
    answered: dict[str, int] = {}
    for command in commands:
        if command.kind == "status":
            sent[command.channel] = sent.get(command.channel, 0) + 1
            answered[command.channel] = answered.get(command.channel, 0) + bool(fake.responses(command.response_url))
    for channel in sent:
        lines = [m for m in fake.messages(channel) if float(m["ts"]) >= since and "set status to" in json.dumps(m)]
        answered[channel] = min(sent[channel], answered[channel] + len(lines))
    return {"sent": sum(sent.values()), "answered": sum(answered.values())}


def all_pinned_after(load: LoadRun, commands: list[Command]) -> float | None:
    """Seconds from the first request sent to the last card pinned, when every card was pinned."""
    declares = [c for c in commands if c.kind == "declare"]
    pinned = load.watcher.pinned
    if not declares or any(c.response_url not in pinned for c in declares):
        return None
    return max(c.sent_at + pinned[c.response_url] for c in declares) - min(c.sent_at for c in commands)


def stderr_summary(lines: list[str]) -> dict[str, int]:
    """Counts of the bot's log lines by "LEVEL logger" (other lines, e.g. tracebacks, as "other")."""
    counts: dict[str, int] = {}
    for line in lines:
        match = LOG_LINE.match(line)
        key = f"{match.group(1)} {match.group(2)}" if match else "other"
        counts[key] = counts.get(key, 0) + 1
    return counts


def figures(
    args: argparse.Namespace, backend: str, load: LoadRun, fake: FakeHost, commands: list[Command], bot: BotProcess
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
        "all_pinned_after_s": None if (last := all_pinned_after(load, commands)) is None else round(last, 2),
        "replies": reply_summary(fake, commands),
        "status_answers": status_answers(fake, commands, load.started_wall),
        "slack_rate_limits": args.slack_limits,
        "bot_rss_mb": bot.rss_mb(),
        "bot_pss_mb": bot.pss_mb(),
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
    print(f"bot's own acks {data.get('bot_acks_within')} (share answered within, /metrics)")
    for kind, by_kind in data["ack_ms_by_kind"].items():
        print(f"  {kind:<12} p50 {by_kind['p50']} ms, p99 {by_kind['p99']} ms")
    print(f"non-200        {data['non_200']} {data['non_200_statuses'] or ''}".rstrip())
    print(f"throughput     {data['throughput_rps']} requests/s")
    print(
        f"declare→pinned p50 {pin['p50']} ms, p99 {pin['p99']} ms, max {pin['max']} ms "
        f"({data['declare_to_pinned_completed']}/{data['declare_to_pinned_total']} completed)"
    )
    print(f"all pinned     {data['all_pinned_after_s']} s after the first request (None: not all)")
    answers = data["status_answers"]
    after = data.get("status_answered_after_s")
    print(f"status chg.    {answers['answered']}/{answers['sent']} answered (a reply or the line); all after {after} s")
    print(
        f"Slack limits   {'enforced by the fake' if data['slack_rate_limits'] else 'none (the fake answers at once)'}"
    )
    print("replies (response_url), by kind:")
    for kind, counts in data["replies"].items():
        print(f"  {kind:<12} {counts['replied']}/{counts['sent']} replied, {counts['failed']} failure replies")
    print(f"bot RSS        {data['bot_rss_mb']} MB (all its processes; PSS {data['bot_pss_mb']} MB)")
    print(f"bot stderr     {data['bot_stderr_lines']} lines {data['bot_stderr_by_logger'] or ''}".rstrip())
    if (ack["p99"] or 0) > 100:
        print(f"WARNING: p99 ack latency {ack['p99']} ms is above the 100 ms target")
    if data["bot_stderr_tail"]:
        print("--- bot stderr (tail) ---")
        print("\n".join(data["bot_stderr_tail"]))
