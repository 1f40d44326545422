"""Releasing several threads at the same instant, to provoke the races the code must survive."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def all_at_once(count: int, work: Callable[[int], T]) -> list[T]:
    """Run work(0) … work(count - 1) on `count` threads released together; re-raise the first failure."""
    start = threading.Barrier(count)

    def run(i: int) -> T:
        start.wait(timeout=10)
        return work(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))
