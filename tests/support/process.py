"""A real `incident-bot run` in a child process, for tests that cross a crash (kill -9) or a
restart: the installed console script, the fake Slack behind SLACK_API_URL, a database URL the
next process reuses, and signed requests in through its HTTP listener."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.fakeslack import FakeSlack
from tests.support.harness import SECRET
from tests.support.signing import SlackSender

LISTENING = re.compile(r"listening on [^\s:]+:(\d+)")
ROOT = Path(__file__).resolve().parents[2]


def console_script() -> str:
    """The `incident-bot` installed next to this interpreter (the venv under test)."""
    beside = Path(sys.executable).parent / "incident-bot"
    found = str(beside) if beside.exists() else shutil.which("incident-bot")
    assert found, "incident-bot is not installed in this environment"
    return found


class BotProcess:
    """One `incident-bot run` at a time; `start()` again after `kill()` to restart on the same database."""

    def __init__(self, fake: FakeSlack, database_url: str, workdir: Path, **env: str) -> None:
        self.fake, self.database_url, self.workdir = fake, database_url, workdir
        self.extra_env = env
        self.process: subprocess.Popen[str] | None = None
        self.log: list[str] = []
        self.port = 0
        self.runs = 0
        self._reader: threading.Thread | None = None

    def env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "INCIDENT_"))}
        return {
            **base,
            "PYTHONPATH": str(ROOT),  # the code under test, like in-process tests, even when installed non-editable
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": self.fake.api_url,
            "DATABASE_URL": self.database_url,
            "HOST": "127.0.0.1",
            "PORT": "0",
            "INCIDENT_ANNOUNCE_CHANNEL": "#incidents",
            "LOG_LEVEL": "INFO",
            **self.extra_env,
        }

    def start(self, timeout: float = 30.0) -> BotProcess:
        """Start the process and wait until /healthz answers 200."""
        assert self.process is None or self.process.poll() is not None, "already running"
        self.runs += 1
        self.log.append(f"--- run {self.runs} ---")
        self.process = subprocess.Popen(
            [console_script(), "run"],
            cwd=self.workdir,  # no stray .env from the checkout
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.port = 0
        self._reader = threading.Thread(target=self._read_log, args=(self.process,), daemon=True)
        self._reader.start()
        self._wait_healthy(timeout)
        return self

    def _read_log(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            self.log.append(line.rstrip())
            if match := LISTENING.search(line):
                self.port = int(match.group(1))
        process.stderr.close()

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"incident-bot exited with {self.process.returncode}:\n{self.output}")
            if self.port and self._healthy():
                return
            time.sleep(0.05)
        raise AssertionError(f"incident-bot not healthy after {timeout}s:\n{self.output}")

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    @property
    def output(self) -> str:
        return "\n".join(self.log[-80:])

    @property
    def send(self) -> SlackSender:
        """Signed requests into this run's `/slack/events`."""
        assert self.port, "not started"
        return SlackSender(f"http://127.0.0.1:{self.port}/slack/events", SECRET, self.fake)

    def kill(self) -> None:
        """kill -9: no shutdown, no cleanup, leases left as they were."""
        self._signal(signal.SIGKILL)

    def stop(self) -> None:
        """A graceful stop (SIGTERM), as an orchestrator does; kill -9 if it hangs."""
        try:
            self._signal(signal.SIGTERM, timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, signum: int, timeout: float = 10) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signum)
        self.process.wait(timeout=timeout)
        if self._reader is not None:
            self._reader.join(timeout=5)  # the log is complete and the pipe closed
