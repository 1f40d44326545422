"""`GET /metrics`: what an operator graphs and alerts on, in Prometheus' text format.

Counters and histograms live in one process-wide registry and are bumped where things happen
(the outbox worker, the Slack endpoint, the scheduler). The gauges that need the database
(outbox depth, oldest pending item, open incidents) are read at scrape time, one cheap query
each, so they are never stale and nothing has to keep them in step. Labels are bounded: effect
kinds, Slack error codes, request kinds, severities and statuses; never a user, channel or text."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.gc_collector import GCCollector
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from bot.core.feeds import duty
from bot.core.status import OPEN
from bot.processes import METRICS_DIR
from bot.store.models import Incident, OncallFeedCopy, OutboxItem

# The classic text format, which every Prometheus (2.x included) reads; generate_latest writes it
# for names like ours. (Newer prometheus-client versions advertise 1.0.0, meant for UTF-8 names.)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
disable_created_metrics()  # a `_created` series per label set doubles the output for no alertable use
REGISTRY = CollectorRegistry()  # what the bot counts
HOST = CollectorRegistry()  # about the process that answers the scrape
ProcessCollector(registry=HOST)
PlatformCollector(registry=HOST)
GCCollector(registry=HOST)

DELIVERIES = Counter(
    "incident_bot_outbox_deliveries", "Outbox items delivered, by effect.", ["effect"], registry=REGISTRY
)
FAILURES = Counter(
    "incident_bot_outbox_failures",
    "Failed delivery attempts, by effect, Slack error and outcome (retry or gave_up).",
    ["effect", "error", "outcome"],
    registry=REGISTRY,
)
RATE_LIMIT_WAITS = Histogram(
    "incident_bot_slack_retry_after_seconds",
    "429 answers to outbox deliveries and the Retry-After wait each asked for (count = 429s, sum = time waited).",
    ["effect"],
    buckets=(1, 2, 5, 10, 30, 60, 120, 300),
    registry=REGISTRY,
)
PACED = Counter(
    "incident_bot_outbox_paced",
    "Posts held back by the bot's own per-channel pace (one a second, short bursts) and put back in the outbox.",
    ["effect"],
    registry=REGISTRY,
)
ACK_SECONDS = Histogram(
    "incident_bot_ack_seconds",
    "From a Slack request's arrival to its acknowledgement, by request kind (Slack allows 3 s).",
    ["kind"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5),
    registry=REGISTRY,
)
SCHEDULER_LAG = Histogram(
    "incident_bot_scheduler_lag_seconds",
    "How late each scheduled job started against its planned time.",
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300),
    registry=REGISTRY,
)


def observe_scheduler_lag(seconds: float) -> None:
    """For the scheduler: call once per job run with how late it started (actual - planned start,
    in seconds; APScheduler's `scheduled_run_time` gives the plan). Negative values count as 0."""
    SCHEDULER_LAG.observe(max(0.0, seconds))


class DatabaseGauges(Collector):
    """The gauges read from the database at scrape time."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterable[Metric]:
        with Session(self.engine) as session:
            yield from self._outbox(session)
            yield self._open_incidents(session)
            yield from self._oncall_feeds(session)

    def _outbox(self, session: Session) -> Iterable[Metric]:
        pending = OutboxItem.done_at.is_(None) & OutboxItem.failed_at.is_(None)
        depth, oldest = session.execute(select(func.count(), func.min(OutboxItem.created_at)).where(pending)).one()
        yield GaugeMetricFamily("incident_bot_outbox_depth", "Outbox items waiting to be delivered.", value=depth)
        yield GaugeMetricFamily(
            "incident_bot_outbox_oldest_pending_age_seconds",
            "Age of the oldest outbox item still waiting (0 when none is).",
            value=_age(oldest),
        )

    def _open_incidents(self, session: Session) -> Metric:
        family = GaugeMetricFamily(
            "incident_bot_open_incidents", "Open incidents by severity and status.", labels=["severity", "status"]
        )
        rows = session.execute(
            select(Incident.severity, Incident.status, func.count())
            .where(Incident.status.in_([status.value for status in OPEN]))
            .group_by(Incident.severity, Incident.status)
        )
        for severity, status, count in rows:
            family.add_metric([severity, status], count)
        return family

    def _oncall_feeds(self, session: Session) -> Iterable[Metric]:
        """Per feed schedule: how old the copy in force is, and whether it is stale (STALE_AFTER refreshes)."""
        age = GaugeMetricFamily(
            "incident_bot_oncall_feed_age_seconds",
            "Since the on-call feed last gave or confirmed its copy (absent while it has none).",
            labels=["schedule"],
        )
        stale = GaugeMetricFamily(
            "incident_bot_oncall_feed_stale",
            "1 when the on-call feed has no good copy or none confirmed for 3 refreshes: pages go to its fallback.",
            labels=["schedule"],
        )
        now, copies = datetime.now(UTC), session.scalars(select(OncallFeedCopy)).all()
        for copy in copies:
            if copy.good_at is not None:
                age.add_metric([copy.schedule], _age(copy.good_at))
            stale.add_metric([copy.schedule], 1.0 if duty.stale(copy, now) else 0.0)
        return [age, stale] if copies else []  # no feed, no series


def _age(created: datetime | None) -> float:
    if created is None:
        return 0.0
    created = created if created.tzinfo else created.replace(tzinfo=UTC)  # SQLite hands back naive UTC
    return max(0.0, (datetime.now(UTC) - created).total_seconds())


def exposition(engine: Engine) -> tuple[str, bytes]:
    """(Content-Type, body) for `GET /metrics`: the process's own metrics, the bot's counters, then
    the database gauges."""
    scrape = CollectorRegistry()
    scrape.register(DatabaseGauges(engine))
    return CONTENT_TYPE, generate_latest(HOST) + generate_latest(_counted()) + generate_latest(scrape)


def _counted() -> CollectorRegistry:
    """The counters of this process; of both, summed, when the bot runs as two (bot/processes.py):
    each process then writes its own to files in PROMETHEUS_MULTIPROC_DIR."""
    if not os.environ.get(METRICS_DIR):
        return REGISTRY
    both = CollectorRegistry()
    MultiProcessCollector(both)
    return both
