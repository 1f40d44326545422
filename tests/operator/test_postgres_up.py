"""`scripts/postgres-up`, which `scripts/test` runs first: it follows TEST_DATABASE_URL and says in
one line what is missing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "postgres-up"
SKIPPED = "the PostgreSQL tests will be skipped (or fail under CI=true)"


def _postgres_up(path: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path, "TEST_DATABASE_URL": url}
    return subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


def test_missing_client_tools_are_one_line(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "bash").symlink_to(shutil.which("bash") or "/bin/bash")
    done = _postgres_up(str(bin_dir), "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == (
        f"scripts/postgres-up: the PostgreSQL client tools (pg_isready, psql, createdb) are not installed; {SKIPPED}\n"
    )


@pytest.mark.skipif(not shutil.which("pg_isready"), reason="needs the PostgreSQL client tools")
def test_it_follows_test_database_url(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = _postgres_up(os.environ["PATH"], f"postgresql+psycopg://postgres@127.0.0.1:{port}/test")
    assert (done.returncode, done.stderr) == (
        0,
        f"scripts/postgres-up: PostgreSQL is not reachable on 127.0.0.1:{port}; {SKIPPED}\n",
    )
