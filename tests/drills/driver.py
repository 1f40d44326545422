"""Plays the script into a real `incident-bot run` as people would: each request signed, sent,
and followed until its change commits; a request answered "⚠️ … try again" is sent again, as a
person would. Between steps the bot may be killed with SIGKILL and restarted, and Slack may go
down entirely for a while; commands keep being sent (and must be acknowledged) meanwhile."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import Engine, text

from tests.drills.script import ACTOR, Step, title
from tests.support.harness import CAROL, GENERAL
from tests.support.process import BotProcess

STEP_TIMEOUT = 90.0  # a step with no effect and no answer by then counts as lost
RETRY_PAUSE = 2.0  # how long a person waits before trying a refused command again


@dataclass
class Figures:
    """What the run did and saw, for the report."""

    requests: int = 0
    acknowledged: int = 0
    acknowledged_in_outage: int = 0
    retried: int = 0
    restarts: int = 0
    slowest_ack: float = 0.0
    lost_steps: list[Step] = field(default_factory=list)


class Driver:
    def __init__(self, process: BotProcess, engine: Engine, figures: Figures, patience: float) -> None:
        """`patience`: how long a person keeps trying a refused command (past any outage)."""
        self.process, self.engine, self.figures, self.patience = process, engine, figures, patience
        self.fake = process.fake

    def play(self, steps: list[Step], kills: set[int], outage: tuple[int, float] | None = None) -> None:
        """Run `steps`; kill -9 and restart after each position in `kills`; at `outage`'s
        position, Slack goes down for its number of seconds."""
        for position, step in enumerate(steps):
            if outage and position == outage[0]:
                self.start_outage(outage[1])
            self.perform(step)
            if position in kills:
                self.kill_and_restart(random.Random(position).uniform(0, 1.5))

    def start_outage(self, seconds: float) -> threading.Timer:
        self.fake.weather.outage.set()
        timer = threading.Timer(seconds, self.fake.weather.outage.clear)
        timer.daemon = True
        timer.start()
        self.outage_timer = timer
        return timer

    def kill_and_restart(self, after: float) -> None:
        time.sleep(after)  # deliveries of the last step are under way
        self.process.kill()
        self.figures.restarts += 1
        self.process.start(timeout=60)

    def perform(self, step: Step) -> None:
        channel = GENERAL if step.declares else self.channel_of(step.index)
        ts = self.fake.add_message(channel, CAROL, step.text) if step.pin else None
        deadline, attempt = time.monotonic() + self.patience, 0
        while time.monotonic() < deadline:
            key, response_url = self.send(step, channel, ts, attempt)
            if self.took_effect(key, response_url):
                return
            self.figures.retried, attempt = self.figures.retried + 1, attempt + 1
            time.sleep(RETRY_PAUSE)
        self.figures.lost_steps.append(step)

    def send(self, step: Step, channel: str, ts: str | None, attempt: int) -> tuple[str, str | None]:
        sender, started = self.process.send, time.monotonic()
        in_outage = self.fake.weather.outage.is_set()
        if ts is not None:
            event_id = f"EvPin{step.index}x{attempt}"
            item = {"type": "message", "channel": channel, "ts": ts}
            answer = sender.event(
                {"type": "reaction_added", "user": ACTOR, "reaction": "pushpin", "item": item}, event_id
            )
            key = f"event:{event_id}"
        else:
            key = f"trigger:{self.fake.trigger_id()}"
            answer = sender.command(step.text, ACTOR, channel, trigger_id=key.removeprefix("trigger:"))
        self.figures.requests += 1
        self.figures.slowest_ack = max(self.figures.slowest_ack, time.monotonic() - started)
        if answer.status == 200:
            self.figures.acknowledged += 1
            self.figures.acknowledged_in_outage += in_outage
        return key, answer.response_url

    def took_effect(self, key: str, response_url: str | None) -> bool:
        """True once the step's change committed; False when the bot said it failed (or never answered)."""
        deadline = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < deadline:
            if self.committed(key):
                return True
            if response_url and any("⚠️" in str(r) for r in self.fake.responses(response_url)):
                return False
            time.sleep(0.05)
        return False

    def committed(self, key: str) -> bool:
        query = text(
            "SELECT key FROM processedrequest WHERE key = :k"
            " UNION SELECT request_key FROM incident WHERE request_key = :k"
        )
        with self.engine.connect() as c:
            return c.execute(query, {"k": key}).first() is not None

    def channel_of(self, index: int) -> str:
        """The incident's channel, once the bot has made it (it may be queued behind faults)."""
        query = text("SELECT channel_id FROM incident WHERE title = :t")
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            with self.engine.connect() as c:
                if found := c.execute(query, {"t": title(index)}).scalar():
                    return found
            time.sleep(0.1)
        raise AssertionError(f"no channel for {title(index)} after 10 minutes:\n{self.process.output}")

    def drain(self, timeout: float) -> None:
        """Wait until every outbox item is delivered (or failed for good)."""
        query = text("SELECT count(*) FROM outbox WHERE done_at IS NULL AND failed_at IS NULL")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.engine.connect() as c:
                if c.execute(query).scalar_one() == 0:
                    return
            time.sleep(0.2)
        raise AssertionError(f"outbox not drained after {timeout}s:\n{self.process.output}")
