"""The load: signed `/incident` slash commands POSTed from keep-alive client threads, each ack timed."""

from __future__ import annotations

import functools
import http.client
import itertools
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from ack.pins import PinWatcher
from ack.process import SECRET
from ack.workspace import DECLARERS

if TYPE_CHECKING:
    from ack.remote import FakeHost

TEAM = "T0001"
STATUSES = ("investigating", "identified", "monitoring")


@dataclass
class Command:
    kind: str
    text: str
    user: str
    channel: str
    response_url: str = ""
    sent_at: float = 0.0


@dataclass
class Result:
    kind: str
    status: int
    latency: float


def command_body(command: Command, fake: FakeHost) -> bytes:
    """The form Slack posts for a slash command (fresh response_url and trigger_id)."""
    from tests.fakeslack import make_trigger_id

    command.response_url = fake.response_url()
    form = {
        "token": "x",
        "team_id": TEAM,
        "team_domain": "fake",
        "channel_id": command.channel,
        "channel_name": "x",
        "user_id": command.user,
        "user_name": command.user.lower(),
        "command": "/incident",
        "text": command.text,
        "api_app_id": "A0001",
        "response_url": command.response_url,
        "trigger_id": make_trigger_id(),
    }
    return urlencode(form).encode()


class Client:
    """One keep-alive connection per thread to the bot's /slack/events."""

    def __init__(self, port: int) -> None:
        from tests.support.signing import sign  # importable once main() has put the repo on sys.path

        self.port = port
        self._sign = functools.partial(sign, SECRET)
        self._local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        if getattr(self._local, "connection", None) is None:
            self._local.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        return self._local.connection

    def post(self, body: bytes) -> int:
        """POST a signed form; returns the status (0 when the connection failed)."""
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": self._sign(body, timestamp),
        }
        connection = self._connection()
        try:
            connection.request("POST", "/slack/events", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            self._local.connection = None
            return 0


def send(client: Client, fake: FakeHost, command: Command, watcher: PinWatcher | None = None) -> Result:
    body = command_body(command, fake)
    started = time.monotonic()
    command.sent_at = started
    if watcher is not None and command.kind == "declare":
        watcher.watch(command)
    status = client.post(body)
    return Result(command.kind, status, time.monotonic() - started)


def paced(result: Result, gap: float) -> Result:
    time.sleep(gap)
    return result


def build_commands(
    count: int, general: str, targets: list[tuple[str, str]], seed: int = 7, declares_only: bool = False
) -> list[Command]:
    """⅓ declare from a non-incident channel, ⅓ note and ⅓ status in random warm-up channels
    (`declares_only`: every one a declare, as in a burst of incidents)."""
    rng = random.Random(seed)
    statuses = itertools.cycle(STATUSES)
    commands = []
    for i in range(count):
        channel, user = rng.choice(targets)
        if declares_only or i % 3 == 0:
            commands.append(Command("declare", f"declare sev3 Bench incident {i}", DECLARERS[i % 4], general))
        elif i % 3 == 1:
            commands.append(Command("note", f"note bench note {i}", user, channel))
        else:
            commands.append(Command("status", f"status {next(statuses)}", user, channel))
    return commands


def warm_up(client: Client, fake: FakeHost, general: str, count: int, timeout: float = 60.0) -> list[tuple[str, str]]:
    """Declare `count` incidents and wait for their pinned cards; returns (channel, declarer) pairs."""
    watcher = PinWatcher(fake).start()
    commands = [
        Command("declare", f"declare sev3 Warm-up incident {i}", DECLARERS[i % 4], general) for i in range(count)
    ]
    for command in commands:
        result = send(client, fake, command, watcher)
        if result.status != 200:
            raise RuntimeError(f"warm-up declare answered {result.status}")
    watcher.wait(count, timeout)
    if len(watcher.pinned) < count:
        raise RuntimeError(f"only {len(watcher.pinned)}/{count} warm-up incidents got a pinned card in {timeout:.0f}s")
    return [(watcher.channels[c.response_url], c.user) for c in commands]


@dataclass
class LoadRun:
    results: list[Result]
    wall: float
    watcher: PinWatcher
    declares: int
    started_wall: float  # time.time() at the first request: the fake stamps messages in wall time


def run_load(
    port: int, fake: FakeHost, commands: list[Command], concurrency: int, pin_timeout: float, gap: float = 0.0
) -> LoadRun:
    client = Client(port)
    watcher = PinWatcher(fake).start()
    started, started_wall = time.monotonic(), time.time()
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="load") as pool:
        results = list(pool.map(lambda command: paced(send(client, fake, command, watcher), gap), commands))
    wall = time.monotonic() - started
    declares = sum(1 for command in commands if command.kind == "declare")
    watcher.wait(declares, pin_timeout)
    return LoadRun(results, wall, watcher, declares, started_wall)
