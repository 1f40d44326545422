"""Benchmark: the container image's size beyond its base and its build time, and the cold start to
`/readyz` answering 200, from a container and from the venv, against the fake Slack (tests/fakeslack).

What it does:
  1. makes (or reuses) the mmdebstrap base (scripts/image-base) and times scripts/image-build on it,
     wheels included; `--image TAG` skips the build and measures that image instead;
  2. the image's size minus its base's, as podman reports them;
  3. N times each: `podman run` of the image's default command (SQLite on its volume, port published
     on 127.0.0.1) and `incident-bot run` from this venv (SQLite in a scratch directory), timing
     from the command's start until /readyz answers 200; then stops and removes it.

Run it from the repository root, as root with podman (scripts/deploy-tools-install):

    .venv/bin/python bench/image.py [--runs 5] [--image localhost/incident-bot:TAG]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CONTAINERS_CONF", str(ROOT / "deploy" / "podman" / "containers.conf"))
TAG = "localhost/incident-bot:bench"


def sh(*command: str, **env: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, env={**os.environ, **env}).stdout


def build(base: str) -> float:
    started = time.monotonic()
    sh(str(ROOT / "scripts" / "image-build"), TAG, BASE=base, PYTHON=sys.executable)
    return time.monotonic() - started


def size(image: str) -> int:
    return int(sh("podman", "image", "inspect", "--format", "{{.Size}}", image))


def ready_after(start: Callable[[], object], port: int, timeout: float = 60) -> float:
    """Seconds from calling `start` until /readyz on `port` answers 200."""
    started = time.monotonic()
    start()
    while time.monotonic() - started < timeout:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, OSError):
            time.sleep(0.02)
    raise SystemExit(f"not ready on port {port} after {timeout}s")


def container_start(image: str, api_url: str, port: int) -> float:
    name = f"incident-bot-bench-{os.getpid()}"
    slack = ["--env", "SLACK_BOT_TOKEN=xoxb-test", "--env", "SLACK_SIGNING_SECRET=secret"]
    slack += ["--env", f"SLACK_API_URL={api_url.replace('127.0.0.1', '10.0.2.2')}"]
    run = ["podman", "run", "--detach", "--name", name, "--network", "slirp4netns:allow_host_loopback=true"]
    run += ["--publish", f"127.0.0.1:{port}:3000", *slack, image]
    try:
        return ready_after(lambda: sh(*run), port)
    finally:
        subprocess.run(["podman", "rm", "--force", "--volumes", name], capture_output=True, check=False)


def venv_start(api_url: str, port: int) -> float:
    settings = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "secret", "SLACK_API_URL": api_url}
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, **settings, "HOST": "127.0.0.1", "PORT": str(port)}
        command = [str(Path(sys.executable).with_name("incident-bot")), "run"]
        processes: list[subprocess.Popen[bytes]] = []

        def start() -> None:
            processes.append(subprocess.Popen(command, cwd=scratch, env=env, stderr=subprocess.DEVNULL))

        try:
            return ready_after(start, port)
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=30)


def main() -> None:
    from tests.fakeslack import FakeSlack
    from tests.support.signin import free_port

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--image", help="measure this image instead of building one")
    args = parser.parse_args()
    base = sh(str(ROOT / "scripts" / "image-base")).strip()
    seconds = None if args.image else build(base)
    image = args.image or TAG
    print(f"base {base}; image {image}; built in {seconds:.1f} s" if seconds else f"image {image}")
    print(f"size beyond the base: {(size(image) - size(base)) / 1e6:.1f} MB")
    with FakeSlack() as fake:
        container = [container_start(image, fake.api_url, free_port()) for _ in range(args.runs)]
        venv = [venv_start(fake.api_url, free_port()) for _ in range(args.runs)]
    for label, times in (("container", container), ("venv", venv)):
        print(f"cold start to /readyz, {label}: median {statistics.median(times):.2f} s, max {max(times):.2f} s")


if __name__ == "__main__":
    main()
