"""`incident-bot run` as two processes (bot/processes.py): the front acknowledges and the worker
does the rest. They live and end together: a worker that dies stops the front (so a supervisor
restarts the pair), a front that dies takes the worker with it (no orphan beside the restarted
pair), and a graceful stop ends both. /metrics counts what each of them did."""

from __future__ import annotations

import os
import re
import urllib.request

from sqlalchemy import Engine, TextClause, text

from bot.jobs.owner import alive
from bot.store.engine import make_engine
from tests.support.harness import ALICE, socket_command
from tests.support.process import BotProcess

WORKER = re.compile(r"worker process (\d+) started")


def worker_pid(process: BotProcess) -> int:
    lines = process.fake.wait_for(lambda: [m for line in process.log if (m := WORKER.search(line))], timeout=30)
    return int(lines[-1].group(1))


def declare_and_wait_for_card(process: BotProcess, title: str) -> None:
    """Declared through the front, delivered by the worker: the incident channel's pinned card."""
    assert process.send.command(f"declare sev3 {title}", ALICE).status == 200
    engine = make_engine(process.database_url)
    query = text("SELECT channel_id FROM incident WHERE title = :title AND channel_id IS NOT NULL")
    try:
        channel = process.fake.wait_for(lambda: _scalar(engine, query, title), timeout=30)
        process.fake.wait_for(lambda: process.fake.pins(channel), timeout=30)
    finally:
        engine.dispose()


def _scalar(engine: Engine, query: TextClause, title: str) -> str | None:
    with engine.connect() as connection:
        return connection.execute(query, {"title": title}).scalar()


def test_the_work_after_the_ack_is_the_worker_s_and_the_pair_is_one_bot(bot_pair: BotProcess) -> None:
    bot_pair.start()
    worker = worker_pid(bot_pair)
    assert bot_pair.process is not None and worker != bot_pair.process.pid
    assert _parent(worker) == bot_pair.process.pid

    declare_and_wait_for_card(bot_pair, "Checkout latency")

    assert "the worker process ended" not in bot_pair.output


def test_metrics_count_what_both_processes_did(bot_pair: BotProcess) -> None:
    declare_and_wait_for_card(bot_pair.start(), "Search is down")
    worker_s = 'incident_bot_outbox_deliveries_total{effect="post_card"}'  # counted once the item is done

    body = bot_pair.fake.wait_for(lambda: _metrics_showing(bot_pair, worker_s), timeout=30)

    assert _value(body, 'incident_bot_ack_seconds_count{kind="command"}') >= 1  # the front's
    assert _value(body, worker_s) >= 1


def test_over_socket_mode_the_front_acks_and_the_worker_declares(bot_pair: BotProcess) -> None:
    bot_pair.extra_env["SLACK_APP_TOKEN"] = "xapp-test"
    fake = bot_pair.start().fake
    general = (fake.channel_by_name("general") or {})["id"]

    envelope, response_url = socket_command(fake, "declare sev2 Socket pair outage", general)

    assert "Declaring" in (fake.socket_ack(envelope).get("payload") or {}).get("text", "")
    channel = fake.wait_for(lambda: fake.channel_by_name("inc-1-socket-pair-outage"), timeout=30)["id"]
    fake.wait_for(lambda: fake.pins(channel), timeout=30)
    assert "INC-1 is declared" in fake.wait_for(lambda: fake.responses(response_url), timeout=30)[0]["text"]


def test_a_dead_worker_stops_the_front_with_a_reason_and_a_restart_serves_again(bot_pair: BotProcess) -> None:
    bot_pair.start()
    os.kill(worker_pid(bot_pair), 9)

    assert bot_pair.process is not None and bot_pair.process.wait(timeout=30) == 1
    assert "the worker process ended" in bot_pair.output

    declare_and_wait_for_card(bot_pair.start(), "After the worker died")


def test_a_killed_front_takes_its_worker_with_it(bot_pair: BotProcess) -> None:
    bot_pair.start()
    worker = worker_pid(bot_pair)

    bot_pair.kill()

    bot_pair.fake.wait_for(lambda: not alive(worker), timeout=10)


def test_a_graceful_stop_ends_both_with_status_zero(bot_pair: BotProcess) -> None:
    bot_pair.start()
    worker = worker_pid(bot_pair)

    bot_pair.stop()

    assert bot_pair.process is not None and bot_pair.process.returncode == 0
    assert not alive(worker)


def _metrics_showing(process: BotProcess, series: str) -> str | None:
    with urllib.request.urlopen(f"http://127.0.0.1:{process.port}/metrics", timeout=5) as response:
        body = response.read().decode()
    return body if series in body else None


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rpartition(")")[2].split()[1])


def _value(exposition: str, series: str) -> float:
    found = [line.rpartition(" ")[2] for line in exposition.splitlines() if line.startswith(series + " ")]
    assert found, f"{series} not in /metrics"
    return float(found[0])
