"""A restarted process takes back its dead predecessor's leases at once, and never a live
replica's (bot/jobs/owner.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

from sqlalchemy import Engine

from bot.core.clock import ManualClock
from bot.jobs.outbox_worker import OutboxWorker
from bot.jobs.owner import Owner
from bot.store import outbox
from tests.core.outbox_queue import add, within


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_dead_pid_on_this_host_is_outlived() -> None:
    me = Owner.me()
    assert me.outlived(replace(me, pid=dead_pid(), started=me.started - 5000).token)


def test_a_live_process_on_this_host_is_not() -> None:
    me = Owner.me()
    assert not me.outlived(replace(me, pid=os.getppid(), started=me.started - 5000).token)


def test_another_host_is_waited_out() -> None:
    me = Owner.me()
    assert not me.outlived(replace(me, host="elsewhere", pid=dead_pid()).token)


def test_the_same_pid_started_earlier_is_a_predecessor() -> None:
    """A container restarts as pid 1 again: an older start on our own pid is a dead process."""
    me = Owner.me()
    assert me.outlived(replace(me, started=me.started - 1).token)
    assert not me.outlived(me.token)
    assert not me.outlived(replace(me, started=me.started + 1).token)


def test_an_unreadable_token_is_waited_out() -> None:
    assert not Owner.me().outlived("not a token")


def test_a_restart_takes_back_only_its_dead_predecessors_items(engine: Engine, clock: ManualClock) -> None:
    me = Owner.me()
    holders = {
        "dead": replace(me, pid=dead_pid(), started=me.started - 9000).token,
        "live": replace(me, pid=os.getppid(), started=me.started - 9000).token,
        "remote": replace(me, host="another-host", pid=dead_pid()).token,
    }
    now = clock.now()
    for incident, holder in enumerate(holders.values(), start=1):
        add(engine, now, f"post_card_{incident}", incident)
        within(engine, lambda s, h=holder: outbox.claim(s, now, 1, owner=h))

    worker = OutboxWorker(engine, clock, {}, lambda item, reason: None, owner=me)
    worker.take_back()
    worker.pool.shutdown()

    claimed = within(engine, lambda s: [i.kind for i in outbox.claim(s, now, 10, owner=me.token)])
    assert claimed == ["post_card_1"]


def test_a_container_sharing_the_host_name_is_another_place() -> None:
    """Containers on the host's network share its name but not its pids: a pid 1 there is not ours."""
    me = Owner.me()
    hostname_only = me.host.rpartition(":pid")[0]
    assert hostname_only, "the place names the pid namespace"
    other_container = replace(me, host=f"{hostname_only}:pid:[1]", pid=me.pid, started=me.started - 1)
    assert not me.outlived(other_container.token)
