"""`incident-bot run`: the bot, until SIGINT or SIGTERM; in two processes when INCIDENT_WORKER_PROCESS
says so (bot/processes.py)."""

from __future__ import annotations

import argparse
import gc
import logging
import signal

from bot import processes
from bot.settings import Settings

log = logging.getLogger(__name__)
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def run(settings: Settings, args: argparse.Namespace) -> int:
    metrics = processes.share_metrics() if settings.worker_process else None  # before prometheus-client loads
    from bot.runtime import Runtime

    source = f"{settings.env_file} and the environment" if settings.env_file else "the environment only (no .env)"
    log.info("settings from %s", source)
    # Blocked before any thread starts (they inherit the mask) and taken by sigwait below: POSIX may
    # hand a process's signal to any thread that does not block it, and a Python handler run for
    # another thread never wakes a main thread waiting on an Event. A stop sent during start-up waits.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    link, pair = processes.WorkerLink.fork(settings, settle_heap) if settings.worker_process else (None, None)
    runtime = Runtime(settings, pair=pair)
    try:
        runtime.prepare(migrating=not args.no_migrate)
        settle_heap()
        runtime.start(link)
        signal.sigwait(STOP_SIGNALS)
    finally:
        runtime.stop()
        if link is not None:
            link.stop()
        if metrics is not None:
            processes.forget_metrics(metrics)
    return 1 if link is not None and link.failed else 0


def settle_heap() -> None:
    """What start-up loaded (Bolt, SQLAlchemy, Flask, Jinja) lives as long as the process: frozen, full
    collections stop walking it, and a larger young generation makes them rarer. Each stalled every
    thread, acks included, for 50-100 ms (docs/PERFORMANCE.md, "The heap frozen at start-up")."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
