"""The scribe timeline and status updates: note, timeline, update (and the card's "Post update"
button with its modal), and pinning a message with a 📌 reaction."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import App

from bot.core import incidents, pins, timeline
from bot.slack import ids
from bot.slack.blocks import answers, modals
from bot.slack.command import Invocation, Subcommand, ack_only, validates
from bot.slack.interactions import clicked_incident, request_key, write_once
from bot.slack.parsing import parse_text
from bot.slack.replies import Reply, lazy
from bot.slack.services import Services

PIN_REACTIONS = frozenset({"pushpin", "round_pushpin"})


def _note_text(args: str) -> str:
    return parse_text(args, "The note", "note <text>")


def _update_text(args: str) -> str:
    return parse_text(args, "The update", "update <text>")


def _note(inv: Invocation, args: str) -> Reply:
    inv.write(timeline.add_note, inv.number, inv.user_id, _note_text(args))
    return "📝 Added to the timeline."


def _update(inv: Invocation, args: str) -> Reply:
    inv.write(timeline.post_update, inv.number, inv.user_id, _update_text(args))
    return None


def _timeline(inv: Invocation, _args: str) -> Reply:
    desk = inv.services.desk
    return answers.timeline(desk.read(incidents.get, inv.number), desk.read(timeline.events, inv.number))


SUBCOMMANDS = [
    Subcommand("note", "note <text>", "add a scribe note to the timeline", _note, check=validates(_note_text)),
    Subcommand("timeline", "timeline", "show the timeline", _timeline),
    Subcommand(
        "update",
        "update <text>",
        "post a status update here and in the announce channel",
        _update,
        check=validates(_update_text),
    ),
]


def register(app: App, services: Services) -> None:
    def open_modal(body: dict[str, Any]) -> Reply:
        number = clicked_incident(services, body)
        meta = {"number": number, "channel": body["channel"]["id"]}
        view = modals.update_modal(f"INC-{number}", meta)
        services.gateway.client.views_open(trigger_id=body["trigger_id"], view=view)
        return None

    def submit(body: dict[str, Any]) -> Reply:
        view, actor = body["view"], body["user"]["id"]
        meta = json.loads(view["private_metadata"])
        text = modals.values(view).get(modals.UPDATE_TEXT) or ""  # typed plain text, not Slack markup
        write_once(services, request_key(body), timeline.post_update, meta["number"], actor, text)
        return None

    def pinned(body: dict[str, Any]) -> Reply:
        event = body["event"]
        item = event.get("item") or {}
        if event.get("reaction") not in PIN_REACTIONS or item.get("type") != "message":
            return None
        key = f"event:{body.get('event_id')}"
        services.desk.run(pins.request_pin, item["channel"], event["user"], item["ts"], key)
        return None

    app.action(ids.POST_UPDATE)(ack=ack_only, lazy=[lazy(services, open_modal)])
    app.view(ids.UPDATE_MODAL)(ack=ack_only, lazy=[lazy(services, submit)])
    app.event("reaction_added")(ack=ack_only, lazy=[lazy(services, pinned)])
