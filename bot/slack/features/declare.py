"""Declaring: `/incident declare`, the declare modal, the "Declare incident" message shortcut and
the "Retry setup" button offered when the channel could not be set up."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.alerts.messages import readable_text
from bot.core import incidents
from bot.core.errors import IncidentError
from bot.core.incidents import DeclareRequest, clean_title
from bot.slack import ids
from bot.slack.blocks import modals
from bot.slack.blocks.card import card
from bot.slack.command import Invocation, Reply, Subcommand, ack_only, answer, guarded
from bot.slack.parsing import parse_declare, plain_text
from bot.slack.services import Services


def _check(args: str) -> str | None:
    parsed = parse_declare(args, default_severity="")  # the policy's default is not known before the ack
    if parsed is None:
        return None
    level = f" ({parsed.severity.upper()})" if parsed.severity else ""
    return f"Declaring “{parsed.title}”{level}…"


def _declare(inv: Invocation, args: str) -> Reply:
    parsed = parse_declare(args, inv.services.desk.policy.default_severity)
    if parsed is None:
        return open_declare_modal(inv.services, inv.trigger_id, inv.user_id, {"response_url": inv.response_url})
    request = DeclareRequest(
        title=parsed.title,
        declared_by=inv.user_id,
        severity=parsed.severity,
        private=parsed.private,
        request_key=f"trigger:{inv.trigger_id}",
        reply_to=inv.response_url,
    )
    inv.services.desk.run(incidents.declare, request)
    return None


def bare(inv: Invocation) -> Reply:
    """`/incident` alone: the card in an incident channel, the declare modal elsewhere."""
    incident = inv.services.desk.read(incidents.by_channel, inv.channel_id)
    if incident is not None:
        return card(incident)
    return open_declare_modal(inv.services, inv.trigger_id, inv.user_id, {"response_url": inv.response_url})


def open_declare_modal(
    services: Services, trigger_id: str, user_id: str, metadata: dict[str, Any], title: str = "", summary: str = ""
) -> Reply:
    view = modals.declare_modal(services.desk.policy, user_id, metadata, title, summary)
    services.gateway.client.views_open(trigger_id=trigger_id, view=view)
    return None


SUBCOMMANDS = [
    Subcommand(
        "declare",
        "declare [sev1..sev4] [private] <title>",
        "declare an incident (no title: the form)",
        _declare,
        check=_check,
        needs_incident=False,
        aliases=("new", "start"),
    ),
]


def _modal_errors(view: dict[str, Any]) -> dict[str, str]:
    try:
        clean_title(plain_text(modals.values(view).get(modals.TITLE) or ""))
    except IncidentError as error:
        return {modals.TITLE: str(error)}
    return {}


def register(app: App, services: Services) -> None:
    def ack_modal(ack: Ack, view: dict[str, Any]) -> None:
        errors = _modal_errors(view)
        ack(response_action="errors", errors=errors) if errors else ack()

    def submit_modal(body: dict[str, Any], view: dict[str, Any]) -> None:
        if _modal_errors(view):
            return  # refused in the ack, shown in the modal
        values, meta = modals.values(view), json.loads(view.get("private_metadata") or "{}")
        request = DeclareRequest(
            title=plain_text(values[modals.TITLE]),
            declared_by=body["user"]["id"],
            severity=values.get(modals.SEVERITY) or "sev3",
            private="private" in (values.get(modals.PRIVATE) or []),
            summary=values.get(modals.SUMMARY),
            commander=values.get(modals.COMMANDER),
            request_key=f"view:{view['id']}",
            source_permalink=meta.get("permalink"),
            reply_to=meta.get("response_url"),
            alert_group=meta.get("alert_group"),
        )
        services.desk.run(incidents.declare, request)

    def from_message(body: dict[str, Any], respond: Respond) -> None:
        message, channel_id = body.get("message", {}), body["channel"]["id"]

        def work() -> Reply:
            link = services.gateway.client.chat_getPermalink(channel=channel_id, message_ts=message["ts"])
            text = plain_text(readable_text(message)).strip()
            first = text.splitlines()[0] if text else ""
            meta = {"response_url": body.get("response_url"), "permalink": link["permalink"]}
            return open_declare_modal(services, body["trigger_id"], body["user"]["id"], meta, first[:200], text)

        answer(respond, guarded(work))

    def retry_setup(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        number = int(action["value"])
        answer(respond, guarded(lambda: _retry(services, number, body.get("response_url"))))

    app.view(ids.DECLARE_MODAL)(ack=ack_modal, lazy=[submit_modal])
    app.shortcut(ids.DECLARE_SHORTCUT)(ack=ack_only, lazy=[from_message])
    app.action(ids.RETRY_SETUP)(ack=ack_only, lazy=[retry_setup])


def _retry(services: Services, number: int, response_url: str | None) -> Reply:
    services.desk.run(incidents.retry_setup, number, response_url)
    return f"Retrying the set-up of INC-{number}…"
