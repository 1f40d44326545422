"""The installed `incident-bot` console script, run as an operator runs it: a subprocess in a
directory of its own, with only the settings the test gives (none inherited from the developer)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("incident-bot")
SETTING_NAMES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "DATABASE_URL",
    "HOST",
    "PORT",
    "INCIDENT_ANNOUNCE_CHANNEL",
    "INCIDENT_TEMPLATES_DIR",
    "LOG_LEVEL",
)


@dataclass(frozen=True)
class Outcome:
    status: int
    stdout: str
    stderr: str

    @property
    def last_line(self) -> str:
        """What the operator reads: the last line on stderr."""
        lines = self.stderr.strip().splitlines()
        return lines[-1] if lines else ""


def environment(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTING_NAMES}
    env.update(settings)
    return env


def incident_bot(*args: str, cwd: Path, timeout: float = 60, **settings: str) -> Outcome:
    assert shutil.which(str(SCRIPT)), f"{SCRIPT} is not installed: pip install ."
    done = subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, env=environment(**settings), capture_output=True, text=True, timeout=timeout
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def serve_until(wanted: str, *args: str, cwd: Path, timeout: float = 60, **settings: str) -> Outcome:
    """Start `incident-bot run`, wait for `wanted` on stderr, stop it with SIGTERM; the whole outcome."""
    process = subprocess.Popen(
        [str(SCRIPT), "run", *args], cwd=cwd, env=environment(**settings), stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        line = process.stderr.readline()
        seen.append(line)
        if wanted in line:
            process.send_signal(signal.SIGTERM)
            break
    out, err = process.communicate(timeout=timeout)
    return Outcome(process.returncode, out or "", "".join(seen) + err)
