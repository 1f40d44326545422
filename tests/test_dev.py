"""`python -m tests.dev`, the way CONTRIBUTING tells a contributor to try the bot: it starts, takes
one typed command, sends it signed, and shows what Slack would show."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent


def test_the_dev_runner_sends_a_signed_command_and_shows_what_follows(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'dev.db'}"
    command = [sys.executable, "-m", "tests.dev", "--port", "0", "--database", database]
    with (
        (tmp_path / "stderr").open("w") as stderr,
        subprocess.Popen(
            command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True
        ) as process,
    ):
        assert process.stdin is not None and process.stdout is not None
        lines, seen = _lines(process.stdout), list[str]()

        def until(wanted: str) -> str:
            """The first line printed so far, or from now on, that holds `wanted` (threads print in any order)."""
            while not any(wanted in line for line in seen):
                line = lines.get(timeout=60)
                assert line is not None, f"it stopped before printing {wanted!r}: {(tmp_path / 'stderr').read_text()}"
                seen.append(line)
            return next(line for line in seen if wanted in line)

        try:
            assert "/slack/events (signing secret" in until("bot:")
            until("Ctrl-D stops")
            process.stdin.write("declare sev2 Checkout is failing\n")
            process.stdin.flush()
            assert "(HTTP 200)" in until("> /incident declare sev2 Checkout is failing")
            until("(only you) ")  # the answer that follows through the response_url
            until("#inc-1-checkout-is-failing: ")  # the bot posted in the channel it made
            process.stdin.close()
            assert process.wait(timeout=60) == 0
        finally:
            process.kill()
    assert (tmp_path / "dev.db").is_file()


def _lines(stream: IO[str]) -> queue.Queue[str | None]:
    """The stream's lines as they come, then None at its end."""
    found: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in stream:
            found.put(line)
        found.put(None)

    threading.Thread(target=read, daemon=True).start()
    return found
