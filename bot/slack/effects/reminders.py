"""Outbox handlers for reminders and pages: the nudge messages in the incident channel, and a page
(resolve the name, invite to the channel, DM the incident). Safe to run again like every handler:
invites tolerate `already_in_channel`, posts carry a marker a retry looks for first."""

from __future__ import annotations

from bot.core import timeline
from bot.core.schedule import COMMANDER_SILENT, NO_COMMANDER, STUCK, UPDATE_NUDGE
from bot.core.views import IncidentView
from bot.jobs.outbox_worker import Delivery, GiveUp, Handler
from bot.slack.blocks import nudges
from bot.slack.blocks.kit import Block
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors

SUBTEAM = "subteam:"


class Unresolvable(Exception):
    """A `notify` entry names nobody Slack knows; the channel is told instead of skipping it."""


class Reminders:
    def __init__(self, context: EffectContext) -> None:
        self.c = context
        self.client = context.client

    def handlers(self) -> dict[str, Handler]:
        return {"nudge": self.nudge, "page": self.page, "handoff_dm": self.handoff_dm}

    def nudge(self, item: Delivery) -> None:
        incident, channel_id = self.c.channel(item)
        blocks = self._nudge_blocks(incident, item.payload)
        self.c.post_once(channel_id, blocks, item, f"nudge-{item.id}", f"{incident.ref}: reminder")

    @staticmethod
    def _nudge_blocks(incident: IncidentView, payload: dict) -> list[Block]:
        kind = payload["nudge"]
        if kind == COMMANDER_SILENT:
            return nudges.commander_silent(incident, payload["commander"])
        return {UPDATE_NUDGE: nudges.update_nudge, NO_COMMANDER: nudges.no_commander, STUCK: nudges.stuck}[kind](
            incident
        )

    def handoff_dm(self, item: Delivery) -> None:
        """The handoff note, also sent to the new commander directly."""
        incident = self.c.incident(item)
        event = self.c.s.desk.read(timeline.event, item.payload["event_id"])
        with slack_errors():
            dm = self.client.conversations_open(users=item.payload["user"])["channel"]["id"]
        blocks = self.c.s.messages.event(incident, event, announce=False)
        self.c.post_once(dm, blocks, item, f"handoff-{event.id}", f"You now command {incident.ref}")

    def page(self, item: Delivery) -> None:
        incident, channel_id = self.c.channel(item)
        target = item.payload["target"]
        try:
            people = self._people(target)
        except Unresolvable as why:
            self.c.say(
                channel_id, f"⚠️ Couldn't page `{target}`: {why}. Page them another way and fix the policy."
            )
            return
        for user in people:
            self._page_person(incident, channel_id, user, item)

    def _page_person(self, incident: IncidentView, channel_id: str, user: str, item: Delivery) -> None:
        with slack_errors("already_in_channel", "cant_invite_self"):
            self.client.conversations_invite(channel=channel_id, users=user)
        with slack_errors():
            dm = self.client.conversations_open(users=user)["channel"]["id"]
        blocks = nudges.page_dm(incident, item.payload.get("level"), f"<#{channel_id}>")
        key = f"page-{item.payload['event_id']}-{user}"
        self.c.post_once(dm, blocks, item, key, f"You are paged for {incident.ref}: {incident.title}")

    def _people(self, target: str) -> list[str]:
        if target.startswith(SUBTEAM):
            return self._group(target[len(SUBTEAM) :])
        if "@" in target:
            return [self._by_email(target)]
        return [target]

    def _by_email(self, email: str) -> str:
        try:
            with slack_errors():
                return self.client.users_lookupByEmail(email=email)["user"]["id"]
        except GiveUp as error:
            if error.code == "users_not_found":
                raise Unresolvable("no Slack user has that e-mail address") from None
            raise

    def _group(self, subteam: str) -> list[str]:
        try:
            with slack_errors():
                users = self.client.usergroups_users_list(usergroup=subteam)["users"]
        except GiveUp as error:
            if error.code in ("no_such_subteam", "subteam_not_found"):
                raise Unresolvable("there is no such user group") from None
            raise
        if not users:
            raise Unresolvable("the user group has nobody in it")
        return list(users)
