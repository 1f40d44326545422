"""`incident-bot run` as two processes: the front listens and acknowledges; the worker does the
rest (the work after each ack, delivery to Slack, the ticker, the inbox's replays, retention).

Why: one interpreter runs one thread at a time. Under a burst the work after the acks held it, and
each ack waited its turn behind that work (docs/PERFORMANCE.md, "Two processes"). The worker runs
at a lower CPU priority, so an ack that needs a CPU gets it first.

What it does not change: each request the bot acts on is in the inbox before its ack
(bot/jobs/inbox.py), under an owner both processes share: the front keeps the rows, the worker
renews their leases and replays what a crash left. If either process ends, the other ends too, so
the supervisor restarts the pair and the new pair replays what was left: nothing acknowledged is
lost, and no orphan runs on beside the new pair.

The worker is forked before either process starts a thread or opens the database, so it shares the
loaded code with the front (frozen first, so that collections do not copy those pages)."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import queue
import shutil
import signal
import tempfile
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any

from bot.settings import Settings
from bot.store.write_gate import WriteGate

log = logging.getLogger(__name__)
NICENESS = 5  # below the front's: an ack waiting for a CPU gets it first
STOP_SECONDS = 60.0  # the worker finishes what it holds (each part waits at most 10 s)
GO, WAKE, STOP = "go", "wake", "stop"  # besides the request bodies, what the front sends
SAID_BY_THE_FRONT = ("bot.slack.startup", "bot.slack.reaching")  # the worker's checks repeat the front's news
METRICS_DIR = "PROMETHEUS_MULTIPROC_DIR"  # prometheus-client's own setting for metrics of several processes


@dataclass(frozen=True)
class Pair:
    """What the two processes of one bot share: the inbox rows' owner, and SQLite's write gates (the
    database's, and its inbox file's: bot/store/inbox_file.py)."""

    owner: str
    gate: WriteGate
    inbox_gate: WriteGate

    @classmethod
    def alone(cls, settings: Settings, context: BaseContext | None = None) -> Pair:
        """A bot's; with `context`, one a worker forked from this process shares."""
        patience = settings.sqlite_busy_timeout_seconds
        return cls(uuid.uuid4().hex, WriteGate(patience, context), WriteGate(patience, context))


class WorkerLink:
    """The front's end: it hands each acknowledged request to the worker, and wakes the worker's
    delivery after a change the front committed (an alert, the web side). A thread sends, so an ack
    never waits on the pipe."""

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process, self.connection = process, connection
        self.failed = False  # the worker ended before the front asked it to
        self._outgoing: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._stopping = threading.Event()
        threading.Thread(target=self._send, name="handoff", daemon=True).start()

    @classmethod
    def fork(cls, settings: Settings, settle: Callable[[], None]) -> tuple[WorkerLink, Pair]:
        """Start the worker; call before this process starts a thread. It waits for `start()`:
        until then the front may still be migrating the database. `settle`: run in the worker once
        it has started (bot.cli_run.settle_heap). Returns the pair, for the front's Runtime."""
        context = multiprocessing.get_context("fork")
        pair = Pair.alone(settings, context)
        reader, writer = context.Pipe(duplex=False)
        gc.freeze()
        process = context.Process(target=_work, args=(settings, pair, reader, writer, settle), name="worker")
        process.start()
        reader.close()
        return cls(process, writer), pair

    def start(self) -> None:
        self._outgoing.put(GO)
        threading.Thread(target=self._watch, name="worker-watch", daemon=True).start()

    def hand(self, body: dict[str, Any]) -> None:
        self._outgoing.put(body)

    def wake(self) -> None:
        self._outgoing.put(WAKE)

    def stop(self) -> None:
        """The worker finishes what it holds, then ends."""
        self._stopping.set()
        self._outgoing.put(STOP)
        self.process.join(timeout=STOP_SECONDS)
        if self.process.is_alive():
            log.warning("the worker process did not end within %.0f s; killing it", STOP_SECONDS)
            self.process.kill()

    def _send(self) -> None:
        message: Any = None
        while message != STOP:
            message = self._outgoing.get()
            try:
                self.connection.send(message)
            except OSError:
                return  # the worker is gone: _watch says so and stops the front

    def _watch(self) -> None:
        wait([self.process.sentinel])
        if not self._stopping.is_set():
            self.failed = True
            log.error(
                "the worker process ended (exit code %s); stopping too, so that the restarted bot replays what it left",
                self.process.exitcode,
            )
            os.kill(os.getpid(), signal.SIGTERM)  # taken by the main thread's sigwait (bot/cli_run.py)


def _work(settings: Settings, pair: Pair, reader: Connection, writer: Connection, settle: Callable[[], None]) -> None:
    """The worker process. Stop signals stay blocked here (inherited): the front decides when the
    pair stops, and asks."""
    from bot.runtime import Runtime  # imported already, before the fork; here to keep the modules acyclic
    from bot.slack.inbox import replayer

    writer.close()  # the front's end: left open here, the front's death would never read as EOF
    os.nice(NICENESS)
    for name in SAID_BY_THE_FRONT:
        logging.getLogger(name).setLevel(logging.WARNING)  # "connected", "Slack reached": said once, not twice
    if _next(reader) != GO:
        return  # the front's start-up failed
    runtime = Runtime(settings, pair=pair)
    runtime.prepare(migrating=False)  # the front migrated
    runtime.start_work()
    runtime.keep_reaching(runtime.check_slack)
    settle()
    log.info("worker process %s started", os.getpid())
    assert runtime.worker is not None
    _serve(reader, runtime.worker.wake, replayer(runtime.app))
    runtime.stop()


def _serve(reader: Connection, wake: Callable[[], None], take: Callable[[dict[str, Any]], Any]) -> None:
    while (message := _next(reader)) != STOP:
        try:
            wake() if message == WAKE else take(message)
        except Exception:  # the loop must outlive one bad request; the inbox keeps it for a replay
            log.exception("the worker could not take a request")


def _next(reader: Connection) -> Any:
    try:
        return reader.recv()
    except EOFError:
        log.error("the front process is gone; ending at once, as it did (the restarted bot replays what was left)")
        os._exit(1)


def share_metrics() -> str:
    """Counters both processes bump, summed at each scrape: call before prometheus-client is
    imported. Returns the directory, for `forget_metrics` when the bot stops."""
    os.environ[METRICS_DIR] = path = tempfile.mkdtemp(prefix="incident-bot-metrics-")
    return path


def forget_metrics(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)
