"""Builds the Bolt app: explicit wiring, nothing registers itself on import."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped, warning_token_skipped

from bot.settings import StartupError
from bot.slack import command
from bot.slack.authorization import known_identity
from bot.slack.command import CommandTable
from bot.slack.features import (
    actions,
    alerts,
    budgets,
    catchup,
    channel_messages,
    declare,
    escalation,
    handoff,
    lifecycle,
    nudges,
    overview,
    postmortem,
    roles,
    runbooks,
    stats,
    timeline,
)
from bot.slack.inbox import keeper
from bot.slack.services import Services

log = logging.getLogger(__name__)
FEATURES = (
    declare,
    lifecycle,
    roles,
    timeline,
    catchup,
    escalation,
    handoff,
    nudges,
    alerts,
    channel_messages,
    actions,
    runbooks,
)


class _OurClientWins(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment too, then warns at every start that the
    client we pass (and our `authorize`) win over it. They do, by design; the operator has nothing
    to act on."""

    HELD_BACK = frozenset({warning_client_prioritized_and_token_skipped(), warning_token_skipped()})

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.HELD_BACK


QUIET_CLIENT_WARNING = _OurClientWins()
# Ours, for Sign in with Slack (bot/settings.py). Bolt's App() reads the same names from os.environ
# and, when both are set, turns itself into a multi-workspace app with an OAuth installation flow
# and an installation store (slack_bolt/app/app.py, `oauth_settings is None and os.environ...`).
BOLT_OAUTH_VARIABLES = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")
_hiding = threading.Lock()


@contextmanager
def _out_of_bolts_sight() -> Iterator[None]:
    """The sign-in variables leave the environment while Bolt builds the app, and come back after:
    passing `oauth_settings=None` is what Bolt already takes as "look in the environment"."""
    with _hiding:
        hidden = {name: os.environ.pop(name) for name in BOLT_OAUTH_VARIABLES if name in os.environ}
        try:
            yield
        finally:
            os.environ.update(hidden)


def _one_workspace(app: App) -> App:
    """Should a later Bolt find another way to its OAuth flow, start-up stops instead of a bot that
    acknowledges commands and then does nothing."""
    if app.oauth_flow is not None or app.installation_store is not None:
        raise StartupError("slack_bolt turned on its OAuth installation flow; use the slack_bolt pyproject.toml allows")
    return app


def command_table() -> CommandTable:
    return CommandTable(
        [
            *declare.SUBCOMMANDS,
            *overview.SUBCOMMANDS,
            *stats.SUBCOMMANDS,
            *lifecycle.SUBCOMMANDS,
            *postmortem.SUBCOMMANDS,
            *roles.SUBCOMMANDS,
            *timeline.SUBCOMMANDS,
            *catchup.SUBCOMMANDS,
            *handoff.SUBCOMMANDS,
            *escalation.SUBCOMMANDS,
            *budgets.SUBCOMMANDS,
            *actions.SUBCOMMANDS,
            *runbooks.SUBCOMMANDS,
        ]
    )


def build_app(services: Services) -> App:
    """The work after each ack runs on `services.listeners`; the runtime drains them when it stops."""
    logging.getLogger("slack_bolt.App").addFilter(QUIET_CLIENT_WARNING)  # once: addFilter skips repeats
    with _out_of_bolts_sight():
        app = _one_workspace(_bolt_app(services))
    app.use(keeper(services.inbox))  # before every ack: what is acknowledged outlives a crash
    command.register(app, services, command_table(), declare.bare)
    for feature in FEATURES:
        feature.register(app, services)

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> None:
        log.error("unhandled error for %s: %s", body.get("type"), error, exc_info=error)

    return app


def _bolt_app(services: Services) -> App:
    settings = services.settings
    return App(
        client=services.gateway.client,
        signing_secret=settings.slack_signing_secret or "socket-mode",
        request_verification_enabled=False,  # HTTP: transport.SlackEndpoint verifies before parsing
        token_verification_enabled=False,  # `incident-bot run` checks the token itself, with a clear message
        authorize=known_identity(services.gateway),  # no auth.test on the request path
        process_before_response=True,  # listeners only parse and ack, and hand the rest to `listeners`
        listener_executor=services.listeners,
    )
