"""README's first command can be run twice: once to create `.env`, again after filling it in. It
runs the exact line from README.md in POSIX shells, with `python3` replaced by a stand-in that makes
the venv's `pip` and `incident-bot` (so the test checks the shell logic, not a 30-second install),
and `cp` by one that treats `-n` as GNU coreutils 9.2–9.4 do (exit 1 when the target exists)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STAND_IN = """#!/bin/sh
mkdir -p .venv/bin
printf '#!/bin/sh\\nexit 0\\n' > .venv/bin/pip
printf '#!/bin/sh\\necho "incident-bot $*"\\n' > .venv/bin/incident-bot
chmod +x .venv/bin/pip .venv/bin/incident-bot
"""
COREUTILS_9_2_CP = """#!/bin/sh
if [ "$1" = -n ] && [ -e "$3" ]; then exit 1; fi
exec /bin/cp "$@"
"""


def _first_command() -> str:
    found = re.search(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text())
    assert found
    return found.group(1)


@pytest.mark.parametrize("shell", [s for s in ("sh", "bash", "dash", "zsh") if shutil.which(s)])
def test_the_first_readme_command_can_be_run_twice(tmp_path: Path, shell: str) -> None:
    stand_ins = tmp_path / "bin"
    stand_ins.mkdir()
    for name, script in (("python3", STAND_IN), ("cp", COREUTILS_9_2_CP)):
        (stand_ins / name).write_text(script)
        (stand_ins / name).chmod(0o755)
    clone = tmp_path / "clone"
    clone.mkdir()
    shutil.copy(ROOT / ".env.example", clone / ".env.example")
    env = {**os.environ, "PATH": f"{stand_ins}:{os.environ['PATH']}"}

    def quick_start() -> subprocess.CompletedProcess[str]:
        return subprocess.run([shell, "-c", _first_command()], cwd=clone, env=env, capture_output=True, text=True)

    first = quick_start()
    assert (first.returncode, first.stdout) == (0, "incident-bot run\n"), first.stderr
    (clone / ".env").write_text("SLACK_BOT_TOKEN=xoxb-filled-in\n")
    again = quick_start()
    assert (again.returncode, again.stdout) == (0, "incident-bot run\n"), again.stderr
    assert (clone / ".env").read_text() == "SLACK_BOT_TOKEN=xoxb-filled-in\n"
