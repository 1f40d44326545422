"""The fault drill: the same script played twice against the fake Slack, once clean and once
with Slack failing a fifth of its calls (5xx before and after the effect, timeouts), enforcing
its rate-limit tiers, stalling 2 s now and then, and going down entirely for a while, and with
the bot killed (SIGKILL) and restarted three times. The two end states must be equal.

    python -m tests.drills.drill --incidents 50 --outage 300 [--seed 7] [--database postgresql]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.store.engine import make_engine
from tests.drills.driver import Driver, Figures
from tests.drills.script import script
from tests.drills.state import Difference, Snapshot, compare, snapshot
from tests.fakeslack import FakeSlack
from tests.support.database import fresh_database
from tests.support.harness import populate
from tests.support.process import BotProcess

KILLS = 3


@dataclass
class Drill:
    incidents: int
    outage: float
    seed: int = 7
    backend: str = "sqlite"
    failure_rate: float = 0.2
    spike_rate: float = 0.03


@dataclass
class Report:
    drill: Drill
    figures: Figures
    faults: dict[str, int]
    difference: Difference
    clean: Snapshot
    chaos: Snapshot
    seconds: float

    def lines(self) -> list[str]:
        f, d, diff, kinds = self.figures, self.drill, self.difference, sorted(self.faults.items())
        closed = sum(1 for _, status in self.chaos.incidents.values() if status == "closed")
        return [
            f"incidents: {self.drill.incidents} scripted, {closed} closed; seed {d.seed}, {d.backend}",
            f"faults injected: {sum(self.faults.values())} ({', '.join(f'{k}: {v}' for k, v in kinds)})",
            f"restarts after SIGKILL: {f.restarts}; outage: {self.drill.outage:.0f} s",
            f"requests sent: {f.requests}, acknowledged: {f.acknowledged} ({f.acknowledged_in_outage} in the outage)",
            f"commands tried again after a worded refusal: {f.retried}; steps lost: {len(f.lost_steps)}",
            f"events or messages lost: {diff.lost}; duplicates: {diff.duplicated}; unexpected: {diff.unexpected}; "
            f"delay notices and nudges the weather called for: {diff.weather}",
            f"longest delay a message saw: {self.chaos.longest_delay.total_seconds():.1f} s "
            f"(clean run {self.clean.longest_delay.total_seconds():.1f} s); slowest ack {f.slowest_ack:.2f} s",
            f"wall time: {self.seconds:.0f} s",
            *self.difference.lines,
        ]


def play(drill: Drill, workdir: Path, stormy: bool) -> tuple[Snapshot, Figures, dict[str, int]]:
    """One run of the script on a fresh database and a fresh fake Slack; with `stormy`, faults,
    kills and the outage. Returns the end state, what the run did and the faults it met."""
    declarations, work = script(drill.incidents)
    rng = random.Random(drill.seed)
    with FakeSlack() as fake:
        populate(fake)
        database_url = fresh_database(drill.backend, workdir)
        engine = make_engine(database_url)
        process = BotProcess(fake, database_url, workdir)
        figures = Figures()
        try:
            process.start()
            weather = fake.weather
            if stormy:
                weather.storm(drill.seed, drill.failure_rate, drill.spike_rate)
            driver = Driver(process, engine, figures, patience=drill.outage + 120)
            everything = len(declarations) + len(work)
            kills = set(rng.sample(range(everything - 1), KILLS)) if stormy else set()
            driver.play(declarations, kills)
            outage = (len(work) // 2, drill.outage) if stormy else None
            driver.play(work, {k - len(declarations) for k in kills}, outage)
            if stormy:
                driver.outage_timer.join()
                weather.calm()
            driver.drain(timeout=300)
            time.sleep(1)  # the last deliveries' follow-ups (card refreshes) settle
            return snapshot(engine, fake), figures, dict(weather.tally)
        finally:
            process.stop()
            engine.dispose()


def run(drill: Drill, workdir: Path) -> Report:
    started = time.monotonic()
    clean, _, _ = play(drill, workdir / "clean", stormy=False)
    chaos, figures, faults = play(drill, workdir / "drill", stormy=True)
    return Report(drill, figures, faults, compare(clean, chaos), clean, chaos, time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=50)
    parser.add_argument("--outage", type=float, default=300.0, help="seconds of total Slack outage")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for sub in ("clean", "drill"):
            (Path(tmp) / sub).mkdir()
        report = run(Drill(args.incidents, args.outage, args.seed, args.database), Path(tmp))
    print("\n".join(report.lines()))
    ok = not report.difference.lines and not report.figures.lost_steps
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
