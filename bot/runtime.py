"""Assembles one running bot: database, outbox worker, Slack gateway, Bolt app, HTTP listener
and (when SLACK_APP_TOKEN is set) the Socket Mode connection. Used by `incident-bot run` and by
the tests, so both run the same thing."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial
from typing import Any

from sqlalchemy import Engine

from bot.alerts.webhooks import AlertWebhooks
from bot.core import oncall_groups
from bot.core.clock import Clock, SystemClock
from bot.core.desk import Desk
from bot.core.policy import load_policy
from bot.core.postmortem import Postmortems
from bot.health import SlackLink
from bot.jobs.feeds import FeedRefresher
from bot.jobs.inbox import Inbox
from bot.jobs.outage import Outage
from bot.jobs.outbox_worker import OutboxWorker
from bot.jobs.retention import Retention
from bot.jobs.ticker import Ticker
from bot.processes import Pair, WorkerLink
from bot.rendering import TemplateSet
from bot.server import close_server, http_server, wsgi_app
from bot.settings import Settings
from bot.slack import permits, reaching, startup, transport
from bot.slack.app import build_app
from bot.slack.directory import SlackDirectory
from bot.slack.effects import UNORDERED, Effects
from bot.slack.gateway import SlackGateway
from bot.slack.inbox import replayer
from bot.slack.messages import Messages
from bot.slack.openid import SlackSignIn
from bot.slack.pacing import pacer_for
from bot.slack.services import Services
from bot.store import inbox_file
from bot.store.engine import make_door_engine, make_engine
from bot.store.opening import check_schema, migrate
from bot.web import WebContext, create_app

log = logging.getLogger(__name__)


class Runtime:
    def __init__(self, settings: Settings, clock: Clock | None = None, pair: Pair | None = None) -> None:
        """`pair`: what the two processes of one bot share (bot/processes.py)."""
        self.settings = settings
        pair = pair or Pair.alone(settings)
        gate = pair.gate  # SQLite only: its writers queue in order
        self.engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_seconds, gate)
        clock = clock or SystemClock()
        templates = TemplateSet(settings.templates_dir)
        self.worker: OutboxWorker | None = None
        policy = load_policy(str(settings.policy_file) if settings.policy_file else None)  # from_env checked it
        self.desk = Desk(self.engine, clock, after_commit=self._wake, policy=policy)
        self.gateway = SlackGateway(settings, pacer_for(self.engine, settings.slack_post_interval_seconds))
        self.inbox_engine, self.door = self._inbox_engines(pair)
        self.inbox = Inbox(self.inbox_engine, self.door, owner=pair.owner)
        self.listeners = ThreadPoolExecutor(max_workers=8, thread_name_prefix="lazy")  # Bolt's default: cpus + 4
        self.services = Services(
            settings, self.desk, self.gateway, Postmortems(templates), Messages(templates), self.inbox, self.listeners
        )
        effects = Effects(self.services)
        self.worker = OutboxWorker(
            self.engine,
            clock,
            effects.handlers(),
            effects.on_failure,
            backoff=settings.outbox_backoff_seconds,
            max_attempts=settings.outbox_max_attempts,
            lease=settings.outbox_lease_seconds,
            patience=timedelta(seconds=settings.outbox_patience_seconds),
            outage=Outage(clock, effects.recovered, timedelta(seconds=settings.outbox_delay_notice_seconds)),
            unordered=UNORDERED,
        )
        self.retention = Retention(self.engine, clock)
        self.ticker = Ticker(self.desk, settings.schedule_tick_seconds)
        self.ticker.also(FeedRefresher(self.desk).pass_, "oncall_feeds")
        self.app = build_app(self.services)
        self.worker_link: WorkerLink | None = None  # the worker process, when this is the front of two
        self.http: Any = None
        self.web: Any = None  # the Flask app, once started
        self.link = SlackLink()
        self._slack_checked = False
        self._socket: Any = None
        self._stopping = threading.Event()

    def _inbox_engines(self, pair: Pair) -> tuple[Engine, Engine]:
        """The inbox's engine and its door's: in a file of their own on SQLite (bot/store/inbox_file.py)."""
        busy, url = self.settings.sqlite_busy_timeout_seconds, inbox_file.inbox_url(self.settings.database_url)
        if url is None:
            return self.engine, make_door_engine(self.settings.database_url, busy, pair.gate)
        return make_engine(url, busy, pair.inbox_gate), make_door_engine(url, busy, pair.inbox_gate)

    def _wake(self) -> None:
        if self.worker_link is not None:
            self.worker_link.wake()
        elif self.worker is not None:
            self.worker.wake()

    def prepare(self, migrating: bool = True) -> None:
        """Migrate the database (or, with `run --no-migrate`, refuse one `migrate` has not brought up
        to date) and check Slack: a definite refusal fails fast with a message an operator can act
        on; Slack being down does not stop start-up (start() keeps trying)."""
        if migrating:
            migrate(self.engine)
        else:
            check_schema(self.engine)
        if self.inbox_engine is not self.engine:
            inbox_file.open_file(self.inbox_engine, self.engine)
        reaching.try_once(self.check_slack, self.link)

    def check_slack(self) -> None:
        if not self._slack_checked:
            self.services.announce_id = startup.connect(self.gateway, self.settings)
            self._slack_checked = True

    def _reach_slack(self) -> None:
        """What start-up still has to do with Slack: the checks, then the Socket Mode connection."""
        self.check_slack()
        if self.settings.slack_app_token and self._socket is None:
            with startup.explained(self.gateway, self.settings, "SLACK_APP_TOKEN"):
                self._socket = transport.open_socket(self.app, self.settings.slack_app_token, self.gateway)

    def start(self, link: WorkerLink | None = None) -> None:
        """Listen first (a port in use stops start-up before anything runs), then deliver and serve;
        Slack is reached now or, when it is down, in the background meanwhile. With `link`, the
        work after the acks and the delivery are the worker process's (bot/processes.py)."""
        secret = self.settings.slack_signing_secret or ""  # empty: the endpoint refuses to start
        slack = None if self.settings.socket_mode else transport.events_endpoint(self.app, secret)
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a queued request is normal under bursts
        webhooks = AlertWebhooks(self.desk, self.settings.alert_webhook_token, self.desk.policy.alerts)
        sign_in = SlackSignIn(self.gateway, self.settings) if self.settings.sign_in else None
        directory, permit = SlackDirectory(self.gateway), partial(permits.permit, self.services)
        context = WebContext(self.settings, self.desk, directory, self.services.postmortems, permit, sign_in)
        self.web = create_app(context)
        app = wsgi_app(slack, self.engine, self.link, webhooks, self.web)
        self.http = http_server(app, self.settings.host, self.settings.port)
        if link is None:
            self.start_work()
        else:
            self.worker_link, self.services.handoff = link, link.hand
            link.start()
        threading.Thread(target=self._serve, name="http", daemon=True).start()
        self.keep_reaching(self._reach_slack)
        log.info(
            "listening on %s:%s (%s mode)",
            self.settings.host,
            self.port,
            "Socket" if self.settings.socket_mode else "HTTP",
        )

    def start_work(self) -> None:
        """Everything but the listener: what the worker process runs, and what one process runs too."""
        assert self.worker is not None
        self.worker.start()
        self.retention.start()
        self.desk.run(oncall_groups.resync)  # every user group set again: a handoff may have passed while down
        self.ticker.start()
        self.inbox.start(replayer(self.app))

    def keep_reaching(self, reach: Callable[[], None]) -> None:
        if not reaching.try_once(reach, self.link):
            reaching.keep_trying(reach, self.link, self._stopping)

    def _serve(self) -> None:
        try:
            self.http.run()
        except (OSError, ValueError):
            if not self._stopping.is_set():
                raise  # closing the listener from stop() ends the loop with EBADF; anything else is real

    @property
    def port(self) -> int:
        return int(self.http.effective_port)

    def stop(self) -> None:
        self._stopping.set()
        if self._socket is not None:
            self._socket.close()
        if self.http is not None:
            close_server(self.http)
        self.inbox.stop()  # no more replays
        self.listeners.shutdown(wait=True)  # acknowledged requests finish before the database goes
        self.ticker.stop()
        if self.worker is not None:
            self.worker.stop()
        self.retention.stop()
        self.engine.dispose()
        self.inbox_engine.dispose()
        self.door.dispose()
