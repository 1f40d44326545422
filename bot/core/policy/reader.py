"""A TOML table read key by key, so every problem names its key and unknown keys are refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.policy.quoting import shown

T = TypeVar("T")


class PolicyError(ValueError):
    """The policy file is unusable; the message names the file, the key and the problem."""

    def __init__(self, source: str, key: str, problem: str) -> None:
        super().__init__(f"{source}: {key}: {problem}" if key else f"{source}: {problem}")
        self.source, self.key, self.problem = source, key, problem


class Table:
    """One table of the file at a dotted path; `close()` refuses keys nobody asked for."""

    def __init__(self, source: str, path: str, data: dict[str, Any]) -> None:
        self.source, self.path, self.data = source, path, data
        self._read: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, problem: str) -> PolicyError:
        return PolicyError(self.source, self.key(name), problem)

    def get(self, name: str, convert: Callable[[Any], T], default: T) -> T:
        """The converted value, or `default` when absent; a ValueError from `convert` names the key."""
        self._read.add(name)
        if name not in self.data:
            return default
        try:
            return convert(self.data[name])
        except ValueError as error:
            raise self.fail(name, str(error)) from None

    def require(self, name: str, convert: Callable[[Any], T]) -> T:
        if name not in self.data:
            raise self.fail(name, "is required")
        return self.get(name, convert, None)  # type: ignore[arg-type]

    def table(self, name: str) -> Table:
        value = self.get(name, lambda v: v, {})
        if not isinstance(value, dict):
            raise self.fail(name, "must be a table")
        return Table(self.source, self.key(name), value)

    def tables(self, name: str) -> list[Table]:
        """An array of tables (`[[name]]`)."""
        value = self.get(name, lambda v: v, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(name, "must be an array of tables ([[...]])")
        return [Table(self.source, f"{self.key(name)}[{i + 1}]", item) for i, item in enumerate(value)]

    def subtables(self) -> list[tuple[str, Table]]:
        """Every entry of a table of named tables (`[oncall.primary]`, `[slo.checkout]`)."""
        return [(name, self.table(name)) for name in self.data]

    def close(self) -> None:
        unknown = sorted(set(self.data) - self._read)
        if unknown:
            raise self.fail(unknown[0], "unknown key (check the spelling against the documented schema)")


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty string, not {shown(value)}")
    return value.strip()


def texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"must be a list of strings, not {shown(value)}")
    return tuple(text(item) for item in value)


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {shown(value)}")
    return value


def timezone(value: Any) -> str:
    name = text(value)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{shown(name)} is not a known time zone (use an IANA name such as Europe/London)") from None
    return name


_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")  # ASCII digits: int() would also read "０９"


def clock_time(value: Any) -> time:
    match = _CLOCK.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{shown(value)} is not a time of day: write HH:MM, e.g. 09:00")
    return time(int(match.group(1)), int(match.group(2)))


def one_of(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}, not {shown(value)}")
        return value

    return check
