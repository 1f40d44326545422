"""Containers of the image under test, each removed (with its volumes) however the test ends, and
the wait for one to answer: readiness polled through the port it serves on, bounded in time."""

from __future__ import annotations

import itertools
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from tests.deploy.tools import run, tool

_names = itertools.count(1)


def podman() -> str:
    return str(tool("podman"))


def new_name() -> str:
    return f"incident-bot-test-{os.getpid()}-{next(_names)}"


@contextmanager
def container(*arguments: str) -> Iterator[str]:
    """`podman run --detach` with `arguments` (options, the image, its command); yields the name."""
    name = new_name()
    try:
        run(podman(), "run", "--detach", "--name", name, *arguments, timeout=120)
        yield name
    finally:
        run(podman(), "rm", "--force", "--volumes", name, check=False, timeout=60)


def get(port: int, path: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_ready(port: int, logs: str, timeout: float = 60) -> None:
    """Until /readyz answers 200 on `port`; else fail with the logs of container `logs`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if get(port, "/readyz")[0] == 200:
                return
        except (urllib.error.URLError, OSError, ValueError):
            pass
        time.sleep(0.1)
    output = run(podman(), "logs", logs, check=False, timeout=30)
    raise AssertionError(f"not ready on port {port} after {timeout}s:\n{output.stdout}{output.stderr}")
