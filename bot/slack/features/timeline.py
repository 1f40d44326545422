"""The scribe timeline and status updates: note, timeline, update (and the card's "Post update"
button with its modal), pinning a message with a 📌 reaction, and the pin's entry following the
message when it is edited, deleted or unpinned in Slack."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from slack_bolt import App

from bot.core import incidents, pins, timeline
from bot.core.pins import DELETED, EDITED, REACTIONS, UNPINNED, PinChange
from bot.slack import ids
from bot.slack.blocks import answers, modals
from bot.slack.command import Invocation, Subcommand, validates
from bot.slack.interactions import clicked_incident, request_key, write_once
from bot.slack.parsing import parse_text, plain_text, split_first
from bot.slack.replies import Reply, acked
from bot.slack.services import Services


def _note_text(args: str) -> str:
    return parse_text(args, "The note", "note <text>")


UPDATE_USAGE = "update [--public] <text>"


def _update_request(args: str) -> tuple[str, bool]:
    """The text and whether it also goes on the public status page (`--public` first)."""
    flag, rest = split_first(args)
    public = flag.lower() == "--public"
    return parse_text(rest if public else args, "The update", UPDATE_USAGE), public


def _note(inv: Invocation, args: str) -> Reply:
    inv.write(timeline.add_note, inv.number, inv.user_id, _note_text(args))
    return "📝 Added to the timeline."


def _update(inv: Invocation, args: str) -> Reply:
    text, public = _update_request(args)
    inv.write(timeline.post_update, inv.number, inv.user_id, text, public=public)
    return None


def _timeline(inv: Invocation, _args: str) -> Reply:
    desk = inv.services.desk
    return answers.timeline(desk.read(incidents.get, inv.number), desk.read(timeline.events, inv.number))


SUBCOMMANDS = [
    Subcommand("note", "note <text>", "add a scribe note to the timeline", _note, check=validates(_note_text)),
    Subcommand("timeline", "timeline", "show the timeline", _timeline),
    Subcommand(
        "update",
        UPDATE_USAGE,
        "post a status update here and in the announce channel (`--public`: also on the status page)",
        _update,
        check=validates(_update_request),
    ),
]


def followed(services: Services, body: dict[str, Any]) -> Reply:
    """A `message` event (a channel_messages reader): an edit or a delete of a message that may be pinned."""
    event = body["event"]
    change = _message_change(event)
    if change is None or not event.get("channel"):
        return None
    if services.desk.read(pins.followed, event["channel"], change.ts):
        key = f"event:{body.get('event_id')}:pin"  # the alert watcher may key the same event
        services.desk.run(pins.follow, event["channel"], change, key)
    return None


def _message_change(event: dict[str, Any]) -> PinChange | None:
    if event.get("subtype") == "message_deleted" and event.get("deleted_ts"):
        return PinChange(event["deleted_ts"], DELETED, _when(event.get("event_ts")))
    message = event.get("message") or {}
    if event.get("subtype") != "message_changed" or not message.get("ts"):
        return None
    edited = (message.get("edited") or {}).get("ts") or event.get("event_ts")
    return PinChange(message["ts"], EDITED, _when(edited), plain_text(message.get("text") or "(no text)"))


def _when(slack_ts: object) -> datetime:
    try:
        return datetime.fromtimestamp(float(str(slack_ts)), UTC)
    except ValueError:
        return datetime.now(UTC)


def _pin_reaction(event: dict[str, Any]) -> bool:
    item = event.get("item") or {}
    return event.get("reaction") in REACTIONS and item.get("type") == "message"


def register(app: App, services: Services) -> None:
    def open_modal(body: dict[str, Any]) -> Reply:
        number = clicked_incident(services, body)
        meta = {"number": number, "channel": body["channel"]["id"]}
        incident = services.desk.read(incidents.get, number)
        view = modals.update_modal(f"INC-{number}", meta, public_choice=not (incident.private or incident.drill))
        services.gateway.client.views_open(trigger_id=body["trigger_id"], view=view)
        return None

    def submit(body: dict[str, Any]) -> Reply:
        view, actor = body["view"], body["user"]["id"]
        meta = json.loads(view["private_metadata"])
        given = modals.values(view)
        text = given.get(modals.UPDATE_TEXT) or ""  # typed plain text, not Slack markup
        public = modals.PUBLIC in (given.get(modals.PUBLIC) or [])
        write_once(services, request_key(body), timeline.post_update, meta["number"], actor, text, public=public)
        return None

    def pinned(body: dict[str, Any]) -> Reply:
        event = body["event"]
        if not _pin_reaction(event):
            return None
        item, key = event["item"], f"event:{body.get('event_id')}"
        services.desk.run(pins.request_pin, item["channel"], event["user"], item["ts"], key)
        return None

    def unpinned(body: dict[str, Any]) -> Reply:
        event = body["event"]
        if not _pin_reaction(event):
            return None
        item, key = event["item"], f"event:{body.get('event_id')}"
        change = PinChange(item["ts"], UNPINNED, _when(event.get("event_ts")))
        services.desk.run(pins.follow, item["channel"], change, key)
        return None

    app.action(ids.POST_UPDATE)(acked(services, open_modal))
    app.view(ids.UPDATE_MODAL)(acked(services, submit))
    app.event("reaction_added")(acked(services, pinned))
    app.event("reaction_removed")(acked(services, unpinned))
