"""Outbox handlers: how each queued side effect reaches Slack. Every handler is safe to run
again, whether its earlier run failed, timed out, or died with its process: it stores what Slack
returned before the item is marked done, and an item handed out before looks for its earlier
result (channel, card, message, file) before creating another. One module per concept; the
table in `Effects.handlers()` names them all."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot.jobs.outbox_worker import Delivery, Handler, Retry
from bot.slack import ids
from bot.slack.blocks.kit import button, section
from bot.slack.effects.actions import ActionEffects
from bot.slack.effects.alerts import AlertEffects
from bot.slack.effects.announcements import Announcements
from bot.slack.effects.catchup import CatchUps
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors
from bot.slack.effects.files import Uploads
from bot.slack.effects.pins import Pins
from bot.slack.effects.posts import Posts
from bot.slack.effects.reminders import Reminders
from bot.slack.effects.runbooks import RunbookEffects
from bot.slack.effects.setup import ChannelSetup
from bot.slack.effects.still_firing import StillFiring
from bot.slack.effects.watched import WatchedMessages
from bot.slack.services import Services
from bot.store import outbox

__all__ = ["DESCRIPTIONS", "UNORDERED", "Effects", "slack_errors"]
# Effects that post nothing (the 📌 read, its ✅ reaction, a pin following its message): they never wait
# behind their incident's paced posts, so a 📌 is on the timeline at once however many lines are queued.
# The catch-up is seen by one person only, so it never waits behind the channel's posts either.
UNORDERED = frozenset({"record_pin", "react_event", "follow_pin", "catch_up"})


class Effects:
    def __init__(self, services: Services) -> None:
        self.s = services
        self.context = EffectContext(services)
        self.setup = ChannelSetup(self.context)
        self.posts = Posts(self.context)
        self.uploads = Uploads(self.context)
        self.pins = Pins(self.context)
        self.alerts = AlertEffects(self.context)
        self.announcements = Announcements(self.context, self.posts)
        self.reminders = Reminders(self.context)
        self.still_firing = StillFiring(self.context)
        self.watched = WatchedMessages(self.context)
        self.actions = ActionEffects(self.context)
        self.catch_ups = CatchUps(self.context)
        self.runbooks = RunbookEffects(self.context)

    def handlers(self) -> dict[str, Handler]:
        return {kind: self._noting_reach(handler) for kind, handler in self._table().items()}

    def _noting_reach(self, handler: Handler) -> Handler:
        """A Retry that says nothing reached Slack (a 429) only says so when no earlier call of the
        same delivery did (bot/slack/outbox_client.py): otherwise the next run must look before posting."""
        client = self.context.client

        def deliver(item: Delivery) -> None:
            client.begin()
            try:
                handler(item)
            except Retry as retry:
                retry.unsent = retry.unsent and not client.reached()
                raise

        return deliver

    def _table(self) -> dict[str, Handler]:
        return {
            "setup_channel": self.setup.setup_channel,
            "invite": self.setup.invite,
            "post_card": self.setup.post_card,
            "refresh_card": self.setup.refresh_card,
            "announce_declared": self.announcements.declared,
            "announce_list": self.announcements.listed,
            "reply_declared": self.setup.reply_declared,
            "post_event": self.posts.post_event,
            "announce_event": self.posts.announce_event,
            "react_event": self.posts.react_event,
            "note_delay": self.posts.note_delay,
            "record_pin": self.pins.record_pin,
            "follow_pin": self.pins.follow_pin,
            "upload_postmortem": self.uploads.upload_postmortem,
            "alert_prompt": self.alerts.prompt,
            "alert_digest": self.alerts.digest,
            "alerts_resolved": self.alerts.resolved,
            "bookmark_links": self.alerts.bookmarks,
            "alerts_still_firing": self.still_firing.ask,
            "alert_message": self.watched.ingest,
            "catch_up": self.catch_ups.catch_up,
            **self.reminders.handlers(),
            **self.actions.handlers(),
            **self.runbooks.handlers(),
        }

    def recovered(self, session: Session, since: datetime, outage: timedelta) -> None:
        """Slack is back after an outage: queue one "messages were delayed" line per incident it
        held back, behind that incident's backlog."""
        now = since + outage
        for incident_id in outbox.incidents_waiting_since(session, since):
            outbox.enqueue(session, now, "note_delay", incident_id, {"seconds": round(outage.total_seconds())})

    def on_failure(self, item: Delivery, reason: str) -> None:
        """Tell a person: the declarer (with a retry button) for the set-up, else the channel."""
        if item.incident_id is None:
            return
        incident = self.context.incident(item)
        what = DESCRIPTIONS.get(item.kind, item.kind)
        text = f"⚠️ Couldn't {what} for {incident.ref}: {reason}."
        url = item.payload.get("reply_to")
        if item.kind == "setup_channel" and url:
            retry = {"type": "actions", "elements": [button("Retry setup", ids.RETRY_SETUP, str(incident.number))]}
            self.s.gateway.respond(url, text, [section(text + " Nothing else was lost."), retry])
        elif incident.channel_id:
            self.context.say(incident.channel_id, text + " Use `/incident` to see the current state.")


DESCRIPTIONS: dict[str, str] = {
    "setup_channel": "create the incident channel",
    "invite": "invite people",
    "post_card": "post the card",
    "refresh_card": "update the card",
    "announce_declared": "announce the incident",
    "announce_list": "list the incidents declared in the same minute in the announce channel",
    "reply_declared": "answer the declarer",
    "post_event": "post to the channel",
    "announce_event": "post to the announce channel",
    "react_event": "acknowledge the pin",
    "note_delay": "say that messages were delayed",
    "record_pin": "add the pinned message to the timeline",
    "follow_pin": "note a change to a pinned message on the timeline",
    "upload_postmortem": "upload the postmortem draft",
    "alert_prompt": "post the alert prompt",
    "alert_digest": "post the alert updates",
    "alerts_resolved": "say that every alert is resolved",
    "bookmark_links": "bookmark the alert links",
    "alerts_still_firing": "say that alerts are still firing",
    "alert_message": "read a watched alert message",
    "nudge": "post a reminder",
    "page": "page someone",
    "handoff_dm": "send the handoff note",
    "action_due": "remind the owner of a due action item",
    "action_digest": "post the weekly digest of overdue action items",
    "postmortem_reminder": "remind about the postmortem",
    "catch_up": "send the catch-up to someone who joined",
    "post_runbook": "post the runbook checklist",
    "refresh_runbook": "update the runbook checklist",
}
