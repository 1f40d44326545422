"""Benchmark: loading an on-call feed with five years of weekly rotations and 500 overrides, and
answering "who is on call at time T" 10,000 times. Target: the load under 1 s, each answer under 1 ms.

What it does:
  1. writes the feed in memory, in one of two shapes: `pagerduty` (one event per weekly shift, UTC, the
     e-mail as ATTENDEE, as PagerDuty exports: 261 shifts) or `google` (one weekly RRULE per person with
     INTERVAL = people, in America/New_York with a VTIMEZONE); plus 500 override events of 2–30 hours
     spread over the five years;
  2. loads it as the bot does (bot/core/feeds/calendar.py: icalendar parses, recurring-ical-events
     expands, the events are flattened into a Roster), timing the load and measuring its peak memory with
     tracemalloc, over the bot's own window (35 days back, 400 days ahead) and over all five years;
  3. answers `Roster.at(T)` for 10,000 random moments in the window, timing each one.

Run it from the repository root:

    .venv/bin/python bench/oncall_feed.py [--shape pagerduty|google] [--lookups 10000] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.feeds.calendar import read_calendar
from bot.core.feeds.roster import Roster
from bot.core.feeds.rosters import AFTER, BEFORE

START = datetime(2024, 1, 1, 14, tzinfo=UTC)  # a Monday, 09:00 in New York
YEARS, PEOPLE, OVERRIDES = 5, 6, 500
VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n"
    "TZNAME:EDT\r\nDTSTART:19700308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nDTSTART:19701101T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
)


def _z(moment: datetime) -> str:
    return f"{moment:%Y%m%dT%H%M%SZ}"


def _event(uid: str, lines: list[str]) -> str:
    return "BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in [f"UID:{uid}", *lines]) + "END:VEVENT\r\n"


def pagerduty_shifts(weeks: int) -> list[str]:
    return [
        _event(
            f"shift-{week}",
            [
                f"DTSTART;VALUE=DATE-TIME:{_z(START + timedelta(weeks=week))}",
                f"DTEND;VALUE=DATE-TIME:{_z(START + timedelta(weeks=week + 1))}",
                f"ATTENDEE:person{week % PEOPLE}@example.com",
                f"SUMMARY:On Call - Person {week % PEOPLE} - Primary",
            ],
        )
        for week in range(weeks)
    ]


def google_rotations(weeks: int) -> list[str]:
    until = _z(START + timedelta(weeks=weeks))
    return [
        _event(
            f"rotation-{person}",
            [
                f"DTSTART;TZID=America/New_York:{START + timedelta(weeks=person):%Y%m%d}T090000",
                f"DTEND;TZID=America/New_York:{START + timedelta(weeks=person + 1):%Y%m%d}T090000",
                f"RRULE:FREQ=WEEKLY;INTERVAL={PEOPLE};UNTIL={until}",
                f"ATTENDEE;CN=Person {person}:mailto:person{person}@example.com",
                f"SUMMARY:On call: Person {person}",
            ],
        )
        for person in range(PEOPLE)
    ]


def overrides(span: timedelta, rng: random.Random) -> list[str]:
    events = []
    for index in range(OVERRIDES):
        starts = START + timedelta(seconds=rng.randrange(int(span.total_seconds())))
        ends = starts + timedelta(hours=rng.randint(2, 30))
        lines = [f"DTSTART:{_z(starts)}", f"DTEND:{_z(ends)}", f"SUMMARY:Override <@U0OVER{index % 20:02d}>"]
        events.append(_event(f"override-{index}", lines))
    return events


def feed(shape: str, rng: random.Random) -> bytes:
    weeks = YEARS * 52 + 1
    shifts = pagerduty_shifts(weeks) if shape == "pagerduty" else google_rotations(weeks)
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n" + (VTIMEZONE if shape == "google" else "")
    return (head + "".join(shifts + overrides(timedelta(weeks=weeks), rng)) + "END:VCALENDAR\r\n").encode()


def load(body: bytes, start: datetime, end: datetime) -> tuple[Roster, float, int]:
    """The roster, the seconds the load took (the best of 3), and its peak memory in bytes (measured on a
    further load: tracemalloc slows Python down several times)."""
    seconds = []
    for _ in range(3):
        began = time.perf_counter()
        roster = read_calendar(body, None, start, end)
        seconds.append(time.perf_counter() - began)
    tracemalloc.start()
    read_calendar(body, None, start, end)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return roster, min(seconds), peak


def lookups(roster: Roster, start: datetime, end: datetime, count: int, rng: random.Random) -> list[float]:
    span = int((end - start).total_seconds())
    moments = [start + timedelta(seconds=rng.randrange(span)) for _ in range(count)]
    times = []
    for moment in moments:
        began = time.perf_counter_ns()
        roster.at(moment)
        times.append((time.perf_counter_ns() - began) / 1e6)
    return times


def run(shape: str, count: int) -> dict[str, Any]:
    rng = random.Random(15)
    body = feed(shape, rng)
    now = START + timedelta(weeks=130)  # the middle of the five years
    window = (now - BEFORE, now + AFTER)
    everything = (START - timedelta(days=1), START + timedelta(weeks=YEARS * 52 + 2))
    result: dict[str, Any] = {"shape": shape, "feed_bytes": len(body)}
    for name, (start, end) in (("window", window), ("five_years", everything)):
        roster, seconds, peak = load(body, start, end)
        answers = lookups(roster, start, end, count, rng)
        result[name] = {
            "load_s": round(seconds, 3),
            "peak_mib": round(peak / 2**20, 1),
            "shifts": len(roster.shifts),
            "lookup_ms_mean": round(statistics.fmean(answers), 4),
            "lookup_ms_p99": round(sorted(answers)[int(len(answers) * 0.99)], 4),
            "lookup_ms_max": round(max(answers), 4),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shape", choices=("pagerduty", "google", "both"), default="both")
    parser.add_argument("--lookups", type=int, default=10_000)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    shapes = ("pagerduty", "google") if args.shape == "both" else (args.shape,)
    results = [run(shape, args.lookups) for shape in shapes]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for result in results:
        print(f"{result['shape']}: {result['feed_bytes'] / 1024:.0f} KiB")
        for name in ("window", "five_years"):
            figures = result[name]
            print(f"  {name}: " + ", ".join(f"{key} {value}" for key, value in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
