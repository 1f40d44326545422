"""Setting up an incident's channel: create (or adopt) it, invite people, post and pin the card,
keep the card and the topic current, and answer the declarer."""

from __future__ import annotations

from bot.core import channel
from bot.core.slug import channel_name
from bot.core.views import IncidentView
from bot.jobs.outbox_worker import Delivery, GiveUp
from bot.slack.blocks.card import card, card_block_id, card_text, topic
from bot.slack.drill_mark import prefixed
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors

MAX_SUFFIX = 20


class ChannelSetup:
    def __init__(self, context: EffectContext) -> None:
        self.c = context
        self.s, self.client = context.s, context.client

    def setup_channel(self, item: Delivery) -> None:
        incident = self.c.incident(item)
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
            name = channel_name(incident.number, incident.title, suffix, incident.drill)
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
                    if found["name"] == name and found.get("creator") == self.c.bot_user_id:
                        owner = self.s.desk.read(channel.owner_of, found["id"])
                        return found["id"] if owner is None else None
        return None

    def invite(self, item: Delivery) -> None:
        _, channel_id = self.c.channel(item)
        for user in item.payload["users"]:
            if user == self.c.bot_user_id:
                continue
            try:
                with slack_errors("already_in_channel"):
                    self.client.conversations_invite(channel=channel_id, users=user)
            except GiveUp as error:
                self.c.say(channel_id, f"⚠️ Couldn't invite <@{user}>: {error}. Invite them by hand.")

    def post_card(self, item: Delivery) -> None:
        incident, channel_id = self.c.channel(item)
        ts = incident.card_ts
        if ts is None:
            ts = self.c.post_once(channel_id, card(incident), item, card_block_id(incident.number), card_text(incident))
            self.s.desk.run(channel.remember, incident.id, card_ts=ts)
        with slack_errors("already_pinned"):
            self.client.pins_add(channel=channel_id, timestamp=ts)
        self._set_topic(incident, channel_id)

    def refresh_card(self, item: Delivery) -> None:
        incident, channel_id = self.c.channel(item)
        if incident.card_ts:
            with slack_errors():
                self.client.chat_update(
                    channel=channel_id,
                    ts=incident.card_ts,
                    blocks=card(incident),
                    text=card_text(incident),
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
        """The link to the channel, on the declare's response_url. A response_url cannot be read
        back, so a crash right after this answer repeats it (an ephemeral line, seen only by the
        declarer) rather than risk never giving it."""
        incident, channel_id = self.c.channel(item)
        if url := item.payload.get("reply_to"):
            said = f"{incident.ref} is declared: <#{channel_id}>. Work it there."
            self.s.gateway.respond(url, prefixed(said) if incident.drill else said)
