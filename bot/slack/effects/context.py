"""What every outbox handler needs: the incident behind an item, its channel, and posting a
message exactly once whatever happened to an earlier delivery of the same item."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_sdk.errors import SlackApiError

from bot.core import channel
from bot.core.views import IncidentView
from bot.jobs.outbox_worker import Delivery, Retry
from bot.slack.blocks.kit import Block, section
from bot.slack.drill_mark import unmarked
from bot.slack.effects.errors import slack_errors
from bot.slack.services import Services

log = logging.getLogger(__name__)
CLOCK_SKEW = timedelta(minutes=1)  # our clock against Slack's message timestamps


class EffectContext:
    def __init__(self, services: Services) -> None:
        self.s = services
        self.client = services.gateway.outbox_client

    @property
    def bot_user_id(self) -> str:
        """Who the bot is. When start-up could not ask Slack, this asks (auth.test), and its failure
        is a Retry like any other call's (not an unexpected error that uses up the attempts)."""
        with slack_errors():
            return self.s.gateway.bot_user_id

    def incident(self, item: Delivery) -> IncidentView:
        assert item.incident_id is not None
        return self.s.desk.read(channel.by_id, item.incident_id)

    def channel(self, item: Delivery) -> tuple[IncidentView, str]:
        incident = self.incident(item)
        if not incident.channel_id:
            raise Retry(f"{incident.ref} has no channel yet", unsent=True)
        return incident, incident.channel_id

    def post_once(self, channel_id: str, blocks: list[Block], item: Delivery, key: str, text: str) -> str:
        """Post a message marked by its first block's id. An item handed out before (whatever its
        attempt count: a retry, an expired lease, a crashed process) first looks for that mark."""
        blocks = [{**blocks[0], "block_id": key}, *blocks[1:]]
        if item.resumed and (found := self.find_marked(channel_id, key, item)):
            return found
        with slack_errors():
            return self.client.chat_postMessage(channel=channel_id, blocks=blocks, text=text)["ts"]

    def find_marked(self, channel_id: str, key: str, item: Delivery) -> str | None:
        """The bot's message marked `key`, among those posted since the item was queued."""
        for message in self.history_since(channel_id, item):
            first = (unmarked(message.get("blocks") or []) or [{}])[0]
            if message.get("user") == self.bot_user_id and first.get("block_id") == key:
                return message["ts"]
        return None

    def history_since(self, channel_id: str, item: Delivery) -> list[dict]:
        """Messages posted since the item was queued, newest first (every page)."""
        oldest = f"{(item.created_at - CLOCK_SKEW).timestamp():.6f}" if item.created_at else "0"
        with slack_errors():
            pages = self.client.conversations_history(channel=channel_id, oldest=oldest, limit=200)
            return [message for page in pages for message in page["messages"]]

    def say(self, channel_id: str, text: str) -> None:
        """A best-effort line about a failure. It goes through the interactive client, which is not
        paced (a refused post here could not wait in the outbox) and sleeps through a short 429."""
        try:
            self.s.gateway.client.chat_postMessage(channel=channel_id, text=text, blocks=[section(text)])
        except (SlackApiError, OSError) as error:
            log.warning("could not tell %s: %s (%s)", channel_id, text, error)
