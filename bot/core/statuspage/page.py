"""What the status page shows, and nothing else: no people, channels, notes, impact text or internal
updates, and not the incident number (its `key` is opaque)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class State(StrEnum):
    """A component's state, mildest first; also the page's overall state."""

    OPERATIONAL = "operational"
    DEGRADED = "degraded_performance"
    PARTIAL = "partial_outage"
    MAJOR = "major_outage"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def rank(self) -> int:
        return list(State).index(self)


BY_SEVERITY = {"sev1": State.MAJOR, "sev2": State.PARTIAL, "sev3": State.DEGRADED, "sev4": State.DEGRADED}


@dataclass(frozen=True)
class PublicUpdate:
    key: str
    at: datetime
    text: str


@dataclass(frozen=True)
class PublicIncident:
    key: str
    title: str
    severity: str  # the policy's label, e.g. "SEV2"
    state: State  # what it does to the components it affects
    status: str  # investigating | identified | monitoring | resolved
    components: tuple[str, ...]  # the policy's component names, not the incident's own services
    started_at: datetime
    resolved_at: datetime | None
    updates: tuple[PublicUpdate, ...]  # newest first


@dataclass(frozen=True)
class Component:
    name: str
    state: State


@dataclass(frozen=True)
class StatusPage:
    at: datetime
    components: tuple[Component, ...]
    open: tuple[PublicIncident, ...]  # newest first
    history: tuple[PublicIncident, ...]  # resolved within HISTORY, most recently resolved first

    @property
    def headline(self) -> str:
        return "All systems operational" if self.state == State.OPERATIONAL else self.state.label

    @property
    def state(self) -> State:
        """The worst state an open public incident causes; operational when none is open."""
        return max((i.state for i in self.open), key=lambda s: s.rank, default=State.OPERATIONAL)
