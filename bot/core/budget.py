"""Error budgets from recorded incidents: what the policy's `[slo.<service>]` allows in its window,
what one incident consumed and what all of a service's incidents used.

An incident consumes its impact (impact start, else the declaration → resolve, else now) times its
impact fraction (None: everyone was hurt). Cancelled incidents were false alarms and consume nothing.
Overlapping incidents of one service never count a moment as more than fully down: at each moment
their fractions add up, capped at 1, so two incidents declared for the same outage burn it once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from sqlalchemy import select

from bot.core.keytimes import impact_window
from bot.core.policy.model import Slo
from bot.core.status import Status
from bot.core.tx import Tx
from bot.core.views import IncidentView
from bot.store.models import Incident, IncidentService

WARNING_SHARE = 0.8  # above this share used: stabilise before launching

Span = tuple[datetime, datetime, float]  # impact start, impact end, fraction hurt


class _Shares:
    """What every budget answer derives from its allowance and its use."""

    allowed: timedelta
    used: timedelta

    @property
    def used_share(self) -> float:
        return self.used / self.allowed

    @property
    def remaining(self) -> timedelta:
        """May go negative: the adapter shows 0 and "exhausted"."""
        return self.allowed - self.used

    @property
    def state(self) -> str:
        if self.used_share > 1.0:
            return "exhausted"
        return "warning" if self.used_share > WARNING_SHARE else "ok"


@dataclass(frozen=True)
class IncidentBudget(_Shares):
    """One service of an incident that has an SLO: this incident's burn and the window's total."""

    service: str
    target: float
    window: timedelta
    allowed: timedelta
    consumed: timedelta
    used: timedelta
    at: datetime  # the end of the window considered: the resolve, else now

    @property
    def consumed_share(self) -> float:
        return self.consumed / self.allowed


@dataclass(frozen=True)
class Burn:
    """One incident's part of a service's budget (the view lets the adapter decide who may see it)."""

    incident: IncidentView
    consumed: timedelta


@dataclass(frozen=True)
class ServiceBudget(_Shares):
    """A service's budget in the window ending `at` (now), with the incidents that used it."""

    service: str
    target: float
    window: timedelta
    allowed: timedelta
    used: timedelta
    at: datetime
    burns: tuple[Burn, ...]


def allowed(slo: Slo) -> timedelta:
    """Budget = (1 − SLO) × window: 99.9 % over 30 days allows 43.2 minutes."""
    return slo.window * (1 - slo.target)


def incident_budgets(tx: Tx, row: Incident) -> list[IncidentBudget]:
    """The budget of each of the incident's services that has an SLO, in the window ending at its
    resolve (or now, while it is open), in the order the services were added."""
    at = row.resolved_at or tx.now
    budgets = []
    for service in services_of(tx, row):
        if (slo := tx.policy.slo.get(service)) is None:
            continue
        start = at - slo.window
        own = _clipped(_span(row, tx.now), start, at)
        rows = _incidents(tx, service)
        spans = [s for s in (_clipped(_span(r, tx.now), start, at) for r in rows) if s]
        consumed = _burn(own) if own and row.status != Status.CANCELLED else timedelta()
        budgets.append(IncidentBudget(service, slo.target, slo.window, allowed(slo), consumed, _used(spans), at))
    return budgets


def service_budget(tx: Tx, service: str) -> ServiceBudget | None:
    """The service's budget in the window ending now; None when the policy sets no SLO for it."""
    if (slo := tx.policy.slo.get(service)) is None:
        return None
    at = tx.now
    start = at - slo.window
    clipped = [(r, s) for r in _incidents(tx, service) if (s := _clipped(_span(r, at), start, at))]
    burns = tuple(Burn(tx.view(r), _burn(s)) for r, s in sorted(clipped, key=lambda pair: pair[0].number))
    used = _used([s for _, s in clipped])
    return ServiceBudget(service, slo.target, slo.window, allowed(slo), used, at, burns)


def services_of(tx: Tx, row: Incident) -> list[str]:
    query = select(IncidentService.name).where(IncidentService.incident_id == row.id).order_by(IncidentService.id)
    return list(tx.session.scalars(query))


def _incidents(tx: Tx, service: str) -> list[Incident]:
    """The service's incidents that count: every one but the cancelled."""
    query = (
        select(Incident)
        .join(IncidentService, IncidentService.incident_id == Incident.id)
        .where(IncidentService.name == service, Incident.status != Status.CANCELLED.value)
    )
    return list(tx.session.scalars(query))


def _span(row: Incident, now: datetime) -> Span:
    start, end = impact_window(row, now)
    return start, end, 1.0 if row.impact_fraction is None else row.impact_fraction


def _clipped(span: Span, start: datetime, end: datetime) -> Span | None:
    """The part of an impact inside the window; None when none of it is."""
    low, high = max(span[0], start), min(span[1], end)
    return (low, high, span[2]) if low < high else None


def _burn(span: Span) -> timedelta:
    return (span[1] - span[0]) * span[2]


def _used(spans: list[Span]) -> timedelta:
    """Between consecutive impact boundaries the fractions of the incidents under way add up,
    capped at fully down."""
    edges = sorted({moment for span in spans for moment in span[:2]})
    total = timedelta()
    for low, high in pairwise(edges):
        share = min(1.0, sum(f for s, e, f in spans if s <= low and high <= e))
        total += (high - low) * share
    return total
