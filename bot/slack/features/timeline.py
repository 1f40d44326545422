"""The scribe timeline and status updates: note, timeline, update (and the card's "Post update"
button with its modal), and pinning a message with a 📌 reaction."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import App, Respond

from bot.core import incidents, pins, timeline
from bot.slack import ids
from bot.slack.blocks import answers, modals
from bot.slack.command import Invocation, Reply, Subcommand, ack_only, answer, guarded, tell, validates
from bot.slack.parsing import parse_text, plain_text
from bot.slack.services import Services

PIN_REACTIONS = frozenset({"pushpin", "round_pushpin"})


def _note_text(args: str) -> str:
    return parse_text(args, "The note", "note <text>")


def _update_text(args: str) -> str:
    return parse_text(args, "The update", "update <text>")


def _note(inv: Invocation, args: str) -> Reply:
    inv.services.desk.run(timeline.add_note, inv.number, inv.user_id, _note_text(args))
    return "📝 Added to the timeline."


def _update(inv: Invocation, args: str) -> Reply:
    inv.services.desk.run(timeline.post_update, inv.number, inv.user_id, _update_text(args))
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
    def open_modal(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        number = int(action["value"])
        meta = {"number": number, "channel": body.get("channel", {}).get("id")}

        def work() -> Reply:
            view = modals.update_modal(f"INC-{number}", meta)
            services.gateway.client.views_open(trigger_id=body["trigger_id"], view=view)
            return None

        answer(respond, guarded(work))

    def submit(body: dict[str, Any], view: dict[str, Any]) -> None:
        meta, actor = json.loads(view["private_metadata"]), body["user"]["id"]
        text = plain_text(modals.values(view).get(modals.UPDATE_TEXT) or "")
        reply = guarded(lambda: services.desk.run(timeline.post_update, meta["number"], actor, text) and None)
        tell(services, meta.get("channel"), actor, reply)

    def pinned(body: dict[str, Any], event: dict[str, Any]) -> None:
        item = event.get("item") or {}
        if event.get("reaction") not in PIN_REACTIONS or item.get("type") != "message":
            return
        key = f"event:{body.get('event_id')}"
        services.desk.run(pins.request_pin, item["channel"], event["user"], item["ts"], key)

    app.action(ids.POST_UPDATE)(ack=ack_only, lazy=[open_modal])
    app.view(ids.UPDATE_MODAL)(ack=ack_only, lazy=[submit])
    app.event("reaction_added")(ack=ack_only, lazy=[pinned])

