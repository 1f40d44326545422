"""The bot under test: `python -m bot run` in HTTP mode as a subprocess, on a fresh database."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ack.remote import FakeHost

ROOT = Path(__file__).resolve().parent.parent.parent
SECRET = "bench-signing-secret"
STDERR_TAIL_LINES = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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


class BotProcess:
    """`python -m bot run` in HTTP mode with stderr captured to a file."""

    def __init__(self, env: dict[str, str], stderr_path: Path, root: Path = ROOT) -> None:
        """`root`: the checkout to run; `python -m` finds its `bot` package before the installed one."""
        self.stderr_path = stderr_path
        self._stderr = stderr_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=self._stderr
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
        """The bot's resident memory: its process and, when it runs two, its worker (shared pages
        counted in both, so an upper bound)."""
        return self._summed("VmRSS:", "status")

    def pss_mb(self) -> float | None:
        """The same, each page the two processes share counted half in each (Linux's proportional
        set size): what the bot costs the machine."""
        return self._summed("Pss:", "smaps_rollup")

    def _summed(self, field: str, table: str) -> float | None:
        with contextlib.suppress(OSError):
            children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
            return round(sum(_kb(int(pid), table, field) for pid in [self.proc.pid, *children]) / 1024, 1)
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


def bot_env(fake: FakeHost, database_url: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_APP_TOKEN": "",  # HTTP mode, even if a .env says otherwise
        "SLACK_API_URL": fake.api_url(),
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "INCIDENT_ANNOUNCE_CHANNEL": "#incidents",
        "LOG_LEVEL": "WARNING",
    }


def _kb(pid: int, table: str, field: str) -> int:
    for line in Path(f"/proc/{pid}/{table}").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return 0
