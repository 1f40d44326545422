"""Assembles one running bot: database, outbox worker, Slack gateway, Bolt app, HTTP listener
and (when SLACK_APP_TOKEN is set) the Socket Mode connection. Used by `incident-bot run` and by
the tests, so both run the same thing."""

from __future__ import annotations

import logging
import threading
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.core.clock import Clock, SystemClock
from bot.core.desk import Desk
from bot.core.postmortem import Postmortems
from bot.jobs.outbox_worker import OutboxWorker
from bot.rendering import TemplateSet
from bot.server import http_server, wsgi_app
from bot.settings import Settings, SettingsError
from bot.slack.app import build_app
from bot.slack.effects import Effects
from bot.slack.gateway import SlackGateway
from bot.slack.messages import Messages
from bot.slack.services import Services
from bot.store.engine import make_engine
from bot.store.migrate import upgrade

log = logging.getLogger(__name__)


class Runtime:
    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.engine = make_engine(settings.database_url)
        clock = clock or SystemClock()
        templates = TemplateSet(settings.templates_dir)
        self.worker: OutboxWorker | None = None
        self.desk = Desk(self.engine, clock, after_commit=self._wake)
        self.gateway = SlackGateway(settings)
        self.services = Services(settings, self.desk, self.gateway, Postmortems(templates), Messages(templates))
        effects = Effects(self.services)
        self.worker = OutboxWorker(
            self.engine,
            clock,
            effects.handlers(),
            effects.on_failure,
            backoff=settings.outbox_backoff_seconds,
            max_attempts=settings.outbox_max_attempts,
        )
        self.app = build_app(self.services)
        self.http: Any = None
        self._threads: list[threading.Thread] = []
        self._socket: Any = None
        self._stopping = False

    def _wake(self) -> None:
        if self.worker is not None:
            self.worker.wake()

    def prepare(self) -> None:
        """Migrate the database and check Slack: fail fast with a message an operator can act on."""
        upgrade(self.engine)
        try:
            identity = self.gateway.identify()
        except SlackApiError as error:
            raise SettingsError(f"SLACK_BOT_TOKEN was refused by Slack ({error.response.get('error')})") from error
        except OSError as error:
            raise SettingsError(
                f"Slack is unreachable at {self.settings.slack_api_url} ({error}); check SLACK_API_URL and the network"
            ) from error
        log.info("connected to %s as %s", identity.get("team"), identity.get("user"))
        if self.settings.announce_channel:
            self.services.announce_channel = resolve_announce_channel(self.gateway, self.settings.announce_channel)

    def start(self) -> None:
        assert self.worker is not None
        self.worker.start()
        bolt = None if self.settings.socket_mode else self.app
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a queued request is normal under bursts
        self.http = http_server(wsgi_app(bolt, self.engine), self.settings.host, self.settings.port)
        self._spawn(self._serve, "http")
        if self.settings.socket_mode:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            self._socket = SocketModeHandler(self.app, app_token=self.settings.slack_app_token)
            self._socket.client.web_client = self.gateway.client
            self._socket.connect()
        log.info(
            "listening on %s:%s (%s mode)",
            self.settings.host,
            self.port,
            "Socket" if self.settings.socket_mode else "HTTP",
        )

    def _serve(self) -> None:
        try:
            self.http.run()
        except (OSError, ValueError):
            if not self._stopping:
                raise  # closing the listener from stop() ends the loop with EBADF; anything else is real

    @property
    def port(self) -> int:
        return int(self.http.effective_port)

    def _spawn(self, target: Any, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stopping = True
        if self._socket is not None:
            self._socket.close()
        if self.http is not None:
            self.http.close()
            self.http.task_dispatcher.shutdown()
        if self.worker is not None:
            self.worker.stop()
        self.engine.dispose()


def resolve_announce_channel(gateway: SlackGateway, configured: str) -> str:
    """Accept an ID or `#name`; join it when public; refuse clearly when the bot can't post there."""
    client = gateway.client
    wanted = configured.lstrip("#")
    found = None
    if configured.startswith("#") or wanted[:1] not in ("C", "G"):
        for page in client.conversations_list(types="public_channel,private_channel", limit=200):
            found = next((c for c in page["channels"] if c["name"] == wanted), None)
            if found:
                break
    else:
        try:
            found = client.conversations_info(channel=wanted)["channel"]
        except SlackApiError:
            found = None
    if found is None:
        raise SettingsError(
            f"INCIDENT_ANNOUNCE_CHANNEL {configured!r} was not found (a private channel must "
            "invite the bot first: /invite @incident-bot)"
        )
    if not found.get("is_member"):
        if found.get("is_private"):
            raise SettingsError(f"INCIDENT_ANNOUNCE_CHANNEL {configured!r} is private: invite the bot to it")
        client.conversations_join(channel=found["id"])
    return found["id"]
