"""The drill's script: what people do in each incident, in order. Every step is one request
with a key the bot stores when the step's change commits (the command's trigger id, the
event's id), so the driver knows when a step took effect and can kill the bot in between."""

from __future__ import annotations

from dataclasses import dataclass

from tests.support.harness import ALICE, BOB, CAROL

ACTOR = ALICE  # who types every command and adds every 📌


@dataclass(frozen=True)
class Step:
    """One request for incident `index`: a slash command, or (`pin`) a 📌 on a fresh message."""

    index: int
    text: str
    pin: bool = False

    @property
    def declares(self) -> bool:
        return self.text.startswith("declare ")


def title(index: int) -> str:
    return f"Drill incident {index}"


def declaration(index: int) -> Step:
    return Step(index, f"declare sev{index % 4 + 1} {title(index)}")


def work(index: int) -> list[Step]:
    """Everything after the channel exists: roles, a note, a pin, an update, resolve, close."""
    return [
        Step(index, f"commander <@{BOB}>"),
        Step(index, f"scribe <@{CAROL}>"),
        Step(index, f"note Drill note {index}: error rate at 12 %"),
        Step(index, f"Finding {index}: the cache was evicted", pin=True),
        Step(index, f"update Mitigation {index} in progress"),
        Step(index, f"resolve Fixed {index} by warming the cache"),
        Step(index, "close"),
    ]


def script(incidents: int) -> tuple[list[Step], list[Step]]:
    """Declarations first (each channel must exist before work in it), then each incident's work."""
    return [declaration(i) for i in range(1, incidents + 1)], [s for i in range(1, incidents + 1) for s in work(i)]
