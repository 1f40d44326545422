"""`scripts/alertmanager-install`, which `scripts/test` runs: run as root it installs a system
package, and says so before it does; without root it says what the alert tests will do."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "alertmanager-install"
NOTICE = (
    "scripts/alertmanager-install: installing the system package prometheus-alertmanager (apt-get) for the alert tests"
)


def _install(tmp_path: Path, uid: str) -> subprocess.CompletedProcess[str]:
    """The script with stand-ins: `id -u` answers `uid`, `apt-get` logs its arguments on stderr."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "bash").symlink_to(shutil.which("bash") or "/bin/bash")
    for name, body in (("id", f"echo {uid}"), ("apt-get", 'echo "apt-get $*" >&2')):
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    env = {"PATH": str(bin_dir)}
    return subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


def test_as_root_it_says_it_installs_a_system_package_first(tmp_path: Path) -> None:
    done = _install(tmp_path, "0")
    assert done.returncode == 0
    assert done.stderr.splitlines() == [NOTICE, "apt-get install -y -q prometheus-alertmanager"]


def test_without_root_it_installs_nothing_and_says_what_the_tests_will_do(tmp_path: Path) -> None:
    done = _install(tmp_path, "1000")
    assert done.returncode == 0
    assert done.stderr == (
        "prometheus-alertmanager is missing (as root, apt-get install prometheus-alertmanager); "
        "its tests will be skipped (or fail under CI=true)\n"
    )
