"""Who holds an outbox lease: `host/pid/start`, so a restarted process can tell its own dead
predecessor's leases from a live replica's.

A process may release a lease at once when its owner ran on this host and either that pid is no
longer alive (a zombie counts as dead), or that pid is its own with an older start time (a
container restarted as pid 1 again). Everything else is waited out: a live process on this host,
any process on another host or in another pid namespace (we cannot see its pids: a container
sharing the host's name still counts as elsewhere), and a token we cannot read. A recycled pid
only makes us wait out the lease, never take a live one's."""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Owner:
    host: str
    pid: int
    started: int  # milliseconds since the epoch

    @classmethod
    def me(cls) -> Owner:
        """This process, as first asked in it (its start time then): every worker of one
        process (tests run several) is the same holder, so none takes back another's leases."""
        global _ME
        if _ME is None or _ME.pid != os.getpid():  # a forked child is a process of its own
            _ME = cls(place(), os.getpid(), time.time_ns() // 1_000_000)
        return _ME

    @property
    def token(self) -> str:
        return f"{self.host}/{self.pid}/{self.started}"

    @classmethod
    def parse(cls, token: str) -> Owner | None:
        host, _, rest = token.rpartition("/")
        host, _, pid = host.rpartition("/")
        if not (host and pid.isdigit() and rest.isdigit()):
            return None
        return cls(host, int(pid), int(rest))

    def outlived(self, token: str) -> bool:
        """True when the lease holder `token` is a dead predecessor of ours on this host."""
        other = Owner.parse(token)
        if other is None or other.host != self.host or other == self:
            return False
        if other.pid == self.pid:
            return other.started < self.started
        return not alive(other.pid)


_ME: Owner | None = None


def place() -> str:
    """Where our pids mean something: the host name and the pid namespace. Two containers can share
    a host name (`network_mode: host`) while each has its own pid 1; only within one namespace may a
    pid be looked up, so a replica in another container is never judged dead by a pid of ours."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")  # e.g. pid:[4026531836]; no '/' in it
    except OSError:
        namespace = "pid:?"
    return f"{socket.gethostname()}:{namespace}"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed process its parent has not reaped yet still answers kill(0)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]
