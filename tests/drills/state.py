"""What the drill compares: the Slack people see and the database, normalised so two runs of
the same script compare equal (numbers, timestamps and IDs differ between runs; words do not)."""

from __future__ import annotations

import collections
import re
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine, select, text

from bot.store.models import OutboxItem
from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, BOB, CAROL

Tally = collections.Counter[str]


@dataclass
class Snapshot:
    """Per place (an incident's title, `#incidents`, a DM): its messages, pins and timeline."""

    messages: dict[str, Tally] = field(default_factory=dict)
    pins: dict[str, int] = field(default_factory=dict)
    timeline: dict[str, Tally] = field(default_factory=dict)
    incidents: dict[str, tuple[str, str]] = field(default_factory=dict)
    undelivered: int = 0
    failed: Tally = field(default_factory=Tally)  # items given up on, by kind and last error
    longest_delay: timedelta = timedelta(0)


def normalised(message: dict) -> str:
    """Which message this is: the bot marks each of its posts with a key in its first block's id
    (`declared-3`, `card-3`, …); a person's message is its text. Numbers become `#`: they differ
    between runs. The words are not compared: a message held back by an outage is rendered when
    it is finally sent, from the incident as it is then (e.g. "closed", not "declared")."""
    first = (message.get("blocks") or [{}])[0]
    identity = f"[{first['block_id']}]" if first.get("block_id") else message.get("text") or ""
    return re.sub(r"\d+", "#", identity)


def snapshot(engine: Engine, fake: FakeSlack) -> Snapshot:
    found = Snapshot()
    places = _database(engine, found)
    places |= {fake.channel_by_name("incidents")["id"]: "#incidents"}
    places |= {dm: f"DM {user}" for user in (ALICE, BOB, CAROL) if (dm := fake.dm_channel(user))}
    for channel, place in places.items():
        found.messages[place] = collections.Counter(normalised(m) for m in fake.messages(channel))
        found.pins[place] = len(fake.pins(channel))
    return found


def _database(engine: Engine, found: Snapshot) -> dict[str, str]:
    """Fill in the incidents, timelines and deliveries; returns each incident channel's title."""
    with engine.connect() as c:
        rows = c.execute(text("SELECT id, title, severity, status, channel_id FROM incident")).all()
        events = c.execute(text("SELECT incident_id, kind FROM timelineevent")).all()
        outbox = c.execute(select(OutboxItem.created_at, OutboxItem.done_at)).all()  # datetimes on SQLite too
        given_up = c.execute(select(OutboxItem.kind, OutboxItem.last_error).where(OutboxItem.failed_at.is_not(None)))
        failed = given_up.all()
    titles = {row.id: row.title for row in rows}
    for incident_id, kind in events:
        found.timeline.setdefault(titles[incident_id], collections.Counter())[kind] += 1
    found.incidents = {row.title: (row.severity, row.status) for row in rows}
    found.undelivered = sum(1 for _, done in outbox if done is None)
    found.failed = collections.Counter(f"{kind} ({error})" for kind, error in failed)
    found.longest_delay = max((done - made for made, done in outbox if done), default=timedelta(0))
    return {row.channel_id: row.title for row in rows if row.channel_id}


# Lines a faulty run rightly adds: "messages were delayed" after an outage, and the update nudges
# that fall due because the incidents stayed open longer than in the clean run.
BECAUSE_OF_WEATHER = ("[delayed-", "[nudge-")


@dataclass
class Difference:
    """How a drill's end state differs from a clean run's: counts, and each difference in words."""

    lost: int = 0
    duplicated: int = 0
    unexpected: int = 0  # e.g. a "⚠️ couldn't …" notice the clean run never needed
    weather: int = 0  # messages the bad weather itself calls for (see BECAUSE_OF_WEATHER)
    lines: list[str] = field(default_factory=list)

    def tallies(self, what: str, clean: dict[str, Tally], drill: dict[str, Tally]) -> None:
        for place in sorted(set(clean) | set(drill)):
            wanted, got = clean.get(place, Tally()), drill.get(place, Tally())
            for item in sorted(set(wanted) | set(got)):
                if (gap := wanted[item] - got[item]) < 0 and not wanted[item] and item.startswith(BECAUSE_OF_WEATHER):
                    self.weather += -gap
                elif gap != 0:
                    self.lost += max(gap, 0)
                    if wanted[item]:  # more copies of something the clean run has once
                        self.duplicated += max(-gap, 0)
                    else:
                        self.unexpected += -gap
                    self.lines.append(f"{what} in {place}: {item!r} ×{got[item]}, clean run ×{wanted[item]}")

    def values(self, what: str, clean: dict, drill: dict) -> None:
        self.lines += [
            f"{what} {k}: {drill.get(k)} vs {clean.get(k)}"
            for k in clean.keys() | drill.keys()
            if clean.get(k) != drill.get(k)
        ]


def compare(clean: Snapshot, drill: Snapshot) -> Difference:
    diff = Difference()
    diff.tallies("message", clean.messages, drill.messages)
    diff.tallies("timeline event", clean.timeline, drill.timeline)
    diff.values("pins", clean.pins, drill.pins)
    diff.values("incident", clean.incidents, drill.incidents)
    if drill.undelivered:
        diff.lines.append(f"{drill.undelivered} outbox items never delivered; given up: {dict(drill.failed)}")
    return diff
