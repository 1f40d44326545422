"""Outbox handlers: how each queued side effect reaches Slack. Every handler is safe to run
again: it stores what Slack returned before the item is marked done, and on a retry looks for
an earlier result (channel, card, message) before creating another."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from slack_sdk.errors import SlackApiError

from bot.core import channel, timeline
from bot.core.slug import channel_name
from bot.core.views import IncidentView
from bot.jobs.outbox_worker import Delivery, GiveUp, Handler, Retry
from bot.slack import ids
from bot.slack.blocks.card import card, card_block_id, topic
from bot.slack.blocks.kit import Block, button, section
from bot.slack.failures import classify
from bot.slack.services import Services

log = logging.getLogger(__name__)
MAX_SUFFIX = 20


@contextmanager
def slack_errors(*done: str) -> Iterator[None]:
    """Turn a Slack failure into the worker's Retry or GiveUp. Error codes in `done` say the work
    was already done (`already_pinned`, `already_in_channel`) and pass silently."""
    try:
        yield
    except SlackApiError as error:
        code = error.response.get("error")
        if code in done:
            return
        failure = classify(error)
        if failure.retryable:
            raise Retry(failure.reason, failure.retry_after) from error
        raise GiveUp(failure.reason, code) from error
    except OSError as error:
        raise Retry(classify(error).reason) from error


class Effects:
    def __init__(self, services: Services) -> None:
        self.s = services
        self.client = services.gateway.client

    def handlers(self) -> dict[str, Handler]:
        from bot.slack.nudges import ReminderEffects  # it builds on this module's helpers

        return {
            "setup_channel": self.setup_channel,
            "invite": self.invite,
            "post_card": self.post_card,
            "refresh_card": self.refresh_card,
            "announce_declared": self.announce_declared,
            "reply_declared": self.reply_declared,
            "post_event": self.post_event,
            "announce_event": self.announce_event,
            "react_event": self.react_event,
            "upload_postmortem": self.upload_postmortem,
            **ReminderEffects(self).handlers(),
        }

    def _incident(self, item: Delivery) -> IncidentView:
        assert item.incident_id is not None
        return self.s.desk.read(channel.by_id, item.incident_id)

    def _channel(self, item: Delivery) -> tuple[IncidentView, str]:
        incident = self._incident(item)
        if not incident.channel_id:
            raise Retry(f"{incident.ref} has no channel yet")
        return incident, incident.channel_id

    # -- channel set-up ------------------------------------------------------------------
    def setup_channel(self, item: Delivery) -> None:
        incident = self._incident(item)
        channel_id, name = incident.channel_id, incident.channel_name
        if not channel_id:
            channel_id, name = self._create_channel(incident)
        self.s.desk.run(
            channel.attach,
            incident.id,
            channel_id,
            name or "",
            item.payload.get("invite") or [],
            item.payload.get("reply_to"),
        )

    def _create_channel(self, incident: IncidentView) -> tuple[str, str]:
        for suffix in range(MAX_SUFFIX):
            name = channel_name(incident.number, incident.title, suffix)
            try:
                with slack_errors():
                    created = self.client.conversations_create(name=name, is_private=incident.private)
                return created["channel"]["id"], name
            except GiveUp as error:
                if error.code != "name_taken":
                    raise
                if adopted := self._own_channel(name):
                    return adopted, name
        raise GiveUp(f"every channel name up to {name} is taken")

    def _own_channel(self, name: str) -> str | None:
        """A channel we created on an earlier try whose answer was lost (5xx or timeout after the fact)."""
        with slack_errors():
            for page in self.client.conversations_list(
                types="public_channel,private_channel", limit=200, exclude_archived=True
            ):
                for found in page["channels"]:
                    if found["name"] == name and found.get("creator") == self.s.gateway.bot_user_id:
                        owner = self.s.desk.read(channel.owner_of, found["id"])
                        return found["id"] if owner is None else None
        return None

    def invite(self, item: Delivery) -> None:
        _, channel_id = self._channel(item)
        for user in item.payload["users"]:
            if user == self.s.gateway.bot_user_id:
                continue
            try:
                with slack_errors("already_in_channel"):
                    self.client.conversations_invite(channel=channel_id, users=user)
            except GiveUp as error:
                self._say(channel_id, f"⚠️ Couldn't invite <@{user}>: {error}. Invite them by hand.")

    def post_card(self, item: Delivery) -> None:
        incident, channel_id = self._channel(item)
        ts = incident.card_ts
        if ts is None:
            ts = self._post_once(
                channel_id, card(incident), item, card_block_id(incident.number), f"{incident.ref}: {incident.title}"
            )
            self.s.desk.run(channel.remember, incident.id, card_ts=ts)
        with slack_errors("already_pinned"):
            self.client.pins_add(channel=channel_id, timestamp=ts)
        self._set_topic(incident, channel_id)

    def refresh_card(self, item: Delivery) -> None:
        incident, channel_id = self._channel(item)
        if incident.card_ts:
            with slack_errors():
                self.client.chat_update(
                    channel=channel_id,
                    ts=incident.card_ts,
                    blocks=card(incident),
                    text=f"{incident.ref}: {incident.title}",
                )
        self._set_topic(incident, channel_id)

    def _set_topic(self, incident: IncidentView, channel_id: str) -> None:
        """Severity · status · commander, set only when the text changes."""
        wanted = topic(incident)
        if wanted != self.s.desk.read(channel.stored, incident.id, "topic"):
            with slack_errors():
                self.client.conversations_setTopic(channel=channel_id, topic=wanted)
            self.s.desk.run(channel.remember, incident.id, topic=wanted)

    def reply_declared(self, item: Delivery) -> None:
        incident, channel_id = self._channel(item)
        if url := item.payload.get("reply_to"):
            self.s.gateway.respond(url, f"{incident.ref} is declared: <#{channel_id}>. Work it there.")

    # -- announcements and lines -------------------------------------------------------
    def announce_declared(self, item: Delivery) -> None:
        incident = self._incident(item)
        target = self.s.announce_channel
        if incident.private or not target or self.s.desk.read(channel.stored, incident.id, "announce_ts"):
            return
        ts = self._post_once(
            target,
            self.s.messages.declared(incident),
            item,
            f"declared-{incident.number}",
            f"{incident.ref} declared: {incident.title}",
        )
        self.s.desk.run(channel.remember, incident.id, announce_ts=ts)

    def post_event(self, item: Delivery) -> None:
        incident, channel_id = self._channel(item)
        event = self.s.desk.read(timeline.event, item.payload["event_id"])
        self._post_once(
            channel_id,
            self.s.messages.event(incident, event, announce=False),
            item,
            f"event-{event.id}",
            f"{incident.ref}: {event.kind}",
        )

    def announce_event(self, item: Delivery) -> None:
        incident = self._incident(item)
        if incident.private or not self.s.announce_channel:
            return
        event = self.s.desk.read(timeline.event, item.payload["event_id"])
        self._post_once(
            self.s.announce_channel,
            self.s.messages.event(incident, event, announce=True),
            item,
            f"announce-{event.id}",
            f"{incident.ref}: {event.kind}",
        )

    def react_event(self, item: Delivery) -> None:
        _, channel_id = self._channel(item)
        event = self.s.desk.read(timeline.event, item.payload["event_id"])
        with slack_errors("already_reacted"):
            self.client.reactions_add(channel=channel_id, timestamp=event.data["ts"], name="white_check_mark")

    def upload_postmortem(self, item: Delivery) -> None:
        incident, channel_id = self._channel(item)
        text = self.s.desk.read(channel.stored, incident.id, "postmortem")
        if not text:
            return
        with slack_errors():
            self.client.files_upload_v2(
                channel=channel_id,
                content=text,
                filename=f"{incident.ref}-postmortem.md",
                title=f"{incident.ref} postmortem draft",
                initial_comment=f"📕 {incident.ref} is closed. Here is the blameless postmortem draft: "
                "fill in root cause, contributing factors and action items.",
            )

    # -- helpers -----------------------------------------------------------------------------
    def _post_once(self, channel_id: str, blocks: list[Block], item: Delivery, key: str, text: str) -> str:
        """Post a message marked by its first block's id; a retry first looks for the earlier post."""
        blocks = [{**blocks[0], "block_id": key}, *blocks[1:]]
        if item.attempts and (found := self._find_marked(channel_id, key)):
            return found
        with slack_errors():
            return self.client.chat_postMessage(channel=channel_id, blocks=blocks, text=text)["ts"]

    def _find_marked(self, channel_id: str, key: str) -> str | None:
        with slack_errors():
            history = self.client.conversations_history(channel=channel_id, limit=100)
        for message in history["messages"]:
            first = (message.get("blocks") or [{}])[0]
            if message.get("user") == self.s.gateway.bot_user_id and first.get("block_id") == key:
                return message["ts"]
        return None

    def _say(self, channel_id: str, text: str) -> None:
        try:
            self.client.chat_postMessage(channel=channel_id, text=text, blocks=[section(text)])
        except (SlackApiError, OSError) as error:
            log.warning("could not tell %s: %s (%s)", channel_id, text, error)

    # -- failures ------------------------------------------------------------------------------
    def on_failure(self, item: Delivery, reason: str) -> None:
        """Tell a person: the declarer (with a retry button) for the set-up, else the channel."""
        if item.incident_id is None:
            return
        incident = self._incident(item)
        what = DESCRIPTIONS.get(item.kind, item.kind)
        text = f"⚠️ Couldn't {what} for {incident.ref}: {reason}."
        url = item.payload.get("reply_to")
        if item.kind == "setup_channel" and url:
            retry = {"type": "actions", "elements": [button("Retry setup", ids.RETRY_SETUP, str(incident.number))]}
            self.s.gateway.respond(url, text, [section(text + " Nothing else was lost."), retry])
        elif incident.channel_id:
            self._say(incident.channel_id, text + " Use `/incident` to see the current state.")


DESCRIPTIONS: dict[str, str] = {
    "setup_channel": "create the incident channel",
    "invite": "invite people",
    "post_card": "post the card",
    "refresh_card": "update the card",
    "announce_declared": "announce the incident",
    "reply_declared": "answer the declarer",
    "post_event": "post to the channel",
    "announce_event": "post to the announce channel",
    "react_event": "acknowledge the pin",
    "upload_postmortem": "upload the postmortem draft",
    "nudge": "post a reminder",
    "page": "page someone",
    "handoff_dm": "send the handoff note",
}
