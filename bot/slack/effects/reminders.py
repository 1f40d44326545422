"""Outbox handlers for reminders and pages: the nudge messages in the incident channel, and a page
(resolve the name, invite to the channel, DM the incident). Safe to run again like every handler:
invites tolerate `already_in_channel`, posts carry a marker a retry looks for first.

Private stays private: a DM about a private incident goes only to someone now in its channel. The
invite comes first (a transient failure retries the whole page before any DM); someone Slack will
not let in gets a page that names nothing, and the channel is told to add them by hand."""

from __future__ import annotations

from bot.core import timeline
from bot.core.schedule import COMMANDER_SILENT, NO_COMMANDER, STUCK, UPDATE_NUDGE
from bot.core.views import IncidentView
from bot.jobs.outbox_worker import Delivery, GiveUp, Handler
from bot.slack.blocks import nudges
from bot.slack.blocks.kit import Block, section
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors
from bot.slack.mrkdwn import escape

SUBTEAM = "subteam:"


class Unresolvable(Exception):
    """A `notify` entry names nobody Slack knows; the channel is told instead of skipping it."""


class Reminders:
    def __init__(self, context: EffectContext) -> None:
        self.c = context
        self.client = context.client

    def handlers(self) -> dict[str, Handler]:
        return {
            "nudge": self.nudge,
            "page": self.page,
            "handoff_dm": self.handoff_dm,
            "postmortem_reminder": self.postmortem_reminder,
        }

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

    def postmortem_reminder(self, item: Delivery) -> None:
        """In the incident channel, where the postmortem is discussed, naming the commander: it reaches
        them and tells the others it is still open, private incidents included."""
        incident, channel_id = self.c.channel(item)
        blocks = nudges.postmortem(incident, item.payload.get("commander"))
        self.c.post_once(channel_id, blocks, item, f"postmortem-{item.id}", f"{incident.ref}: the postmortem is due")

    def handoff_dm(self, item: Delivery) -> None:
        """The handoff note, also sent to the new commander directly — for a private incident only
        once they are in its channel."""
        incident, channel_id = self.c.channel(item)
        user, key = item.payload["user"], f"handoff-{item.payload['event_id']}"
        refused = self._admit(channel_id, user)
        if incident.private and refused:
            self._locked_out(channel_id, user, f"{refused}, so the handoff note was not sent to them", item, key)
            return
        event = self.c.s.desk.read(timeline.event, item.payload["event_id"])
        with slack_errors():
            dm = self.client.conversations_open(users=user)["channel"]["id"]
        blocks = self.c.s.messages.event(incident, event, announce=False)
        self.c.post_once(dm, blocks, item, key, f"You now command {incident.ref}")

    def page(self, item: Delivery) -> None:
        incident, channel_id = self.c.channel(item)
        target = item.payload["target"]
        try:
            people = self._people(target)
        except Unresolvable as why:
            self.c.say(channel_id, f"⚠️ Couldn't page `{target}`: {why}. Page them another way and fix the policy.")
            return
        for user in people:
            self._page_person(incident, channel_id, user, item)

    def _page_person(self, incident: IncidentView, channel_id: str, user: str, item: Delivery) -> None:
        refused = self._admit(channel_id, user)
        with slack_errors():
            dm = self.client.conversations_open(users=user)["channel"]["id"]
        key, level = f"page-{item.payload['event_id']}-{user}", item.payload.get("level")
        if incident.private and refused:
            self._locked_out(channel_id, user, f"{refused}; they were paged without the incident's details", item, key)
            blocks = nudges.page_dm_unnamed(incident, level)
            self.c.post_once(dm, blocks, item, key, "You are paged for a private incident")
            return
        blocks = nudges.page_dm(incident, level, f"<#{channel_id}>")
        self.c.post_once(dm, blocks, item, key, f"You are paged for {incident.ref}: {escape(incident.title)}")

    def _locked_out(self, channel_id: str, user: str, what: str, item: Delivery, key: str) -> None:
        """Tell the channel, once, that someone could not be let in and what they did not get."""
        text = f"⚠️ Couldn't add <@{user}> to this private channel: {what}. Add them by hand."
        self.c.post_once(channel_id, [section(text)], item, f"{key}-locked-out", text)

    def _admit(self, channel_id: str, user: str) -> str | None:
        """Invite `user` to the incident channel; None once they are in, else why Slack refused. A
        transient failure raises Retry: nothing is sent until Slack has answered for certain."""
        try:
            with slack_errors("already_in_channel", "cant_invite_self"):
                self.client.conversations_invite(channel=channel_id, users=user)
        except GiveUp as error:
            return str(error)
        return None

    def _people(self, target: str) -> list[str]:
        if target.startswith(SUBTEAM):
            return self._group(target[len(SUBTEAM) :])
        if "@" in target:
            return [self._by_email(target)]
        return [target]

    def _by_email(self, email: str) -> str:
        try:
            with slack_errors():
                return self.c.s.emails.user_id(self.client, email)
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
