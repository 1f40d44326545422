"""A stop (SIGTERM from an orchestrator, Ctrl-C) always stops `incident-bot run`. POSIX may deliver
a process's signal to any thread that does not block it; a Python handler then runs in the main
thread only when that thread next wakes, and a main thread waiting on an Event never does. Every
thread of a running bot therefore blocks the stop signals, and the main thread takes them."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakeslack import FakeSlack
from tests.support.console import SCRIPT, environment

STOPS = (signal.SIGINT, signal.SIGTERM)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    with FakeSlack() as fake:
        settings = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "secret", "SLACK_API_URL": fake.api_url}
        process = subprocess.Popen(
            [str(SCRIPT), "run"],
            cwd=tmp_path,
            env=environment(**settings, HOST="127.0.0.1", PORT="0"),
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stderr is not None
        while "listening on" not in (line := process.stderr.readline()):
            assert line, "incident-bot run ended before listening"
        yield process
        process.kill()
        process.communicate()


def blocked_signals(pid: int, thread: str) -> set[int]:
    status = Path(f"/proc/{pid}/task/{thread}/status").read_text()
    mask = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigBlk:")), 16)
    return {signum for signum in STOPS if mask & (1 << (signum - 1))}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads thread signal masks from /proc")
def test_no_thread_of_a_running_bot_can_take_a_stop_signal_from_the_main_thread(
    running: subprocess.Popen[str],
) -> None:
    # the main thread is left out: it takes the signals (sigwait unblocks them there while it waits)
    threads = sorted(p.name for p in Path(f"/proc/{running.pid}/task").iterdir() if p.name != str(running.pid))
    assert len(threads) > 5  # the listener, the outbox worker, the ticker, retention …
    assert {t: blocked_signals(running.pid, t) for t in threads} == {t: set(STOPS) for t in threads}


def test_sigterm_stops_the_bot_with_status_0(running: subprocess.Popen[str]) -> None:
    started = time.monotonic()
    running.send_signal(signal.SIGTERM)
    assert running.wait(timeout=30) == 0
    assert time.monotonic() - started < 30
