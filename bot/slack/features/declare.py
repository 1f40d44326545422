"""Declaring: `/incident declare`, the declare modal, the "Declare incident" message shortcut and
the "Retry setup" button offered when the channel could not be set up."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App

from bot.alerts.messages import readable_text
from bot.core import incidents, permissions
from bot.core.errors import IncidentError
from bot.core.incidents import DeclareRequest, clean_title
from bot.core.service_names import parse_names
from bot.core.text import clean, optional
from bot.slack import ids
from bot.slack.blocks import modals
from bot.slack.blocks.card import card
from bot.slack.blocks.modals import BLANK_FORM, DeclareForm
from bot.slack.command import Invocation, Subcommand
from bot.slack.interactions import clicked_incident, request_key, write_once
from bot.slack.mrkdwn import escape
from bot.slack.parsing import parse_declare, plain_text
from bot.slack.permits import actor, permit
from bot.slack.replies import Reply, acked
from bot.slack.services import Services


def _check(args: str) -> str | None:
    parsed = parse_declare(args, default_severity="")  # the policy's default is not known before the ack
    if parsed.title is None:
        return None  # the form opens
    seen = "private" if parsed.private else "public"
    level = parsed.severity.upper() or "default severity"
    drill = ", 🧪 a drill" if parsed.drill else ""
    said = f"Declaring “{escape(parsed.title)}” ({level}, {seen}{drill})…"
    if parsed.misread_flag:
        flag = escape(parsed.misread_flag)
        said += f"\n`{flag}` is part of the title: flags are lowercase and come first (`declare sev1 private …`)."
    return said


def _declare(inv: Invocation, args: str) -> Reply:
    permit(inv.services, "declare", inv.user_id)
    parsed = parse_declare(args, inv.services.desk.policy.default_severity)
    if parsed.title is None:
        form = DeclareForm(severity=parsed.severity, private=parsed.private, drill=parsed.drill)
        return open_declare_modal(inv.services, inv.trigger_id, inv.user_id, {"response_url": inv.response_url}, form)
    request = DeclareRequest(
        title=parsed.title,
        declared_by=inv.user_id,
        severity=parsed.severity,
        private=parsed.private,
        drill=parsed.drill,
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
    permit(inv.services, "declare", inv.user_id)
    return open_declare_modal(inv.services, inv.trigger_id, inv.user_id, {"response_url": inv.response_url})


def _permit_commander(services: Services, user: str, commander: str | None) -> None:
    """Naming someone else commander in the form gives them a role. The declarer, who would command
    otherwise, gives it as the commander would: `assign_roles` decides, counting them a role holder."""
    if commander in (None, user):
        return  # declaring makes the declarer commander: the `declare` rule allowed that
    who = replace(actor(services, user, "assign_roles"), holds_role=True)
    permissions.check(services.desk.policy, "assign_roles", who)


def open_declare_modal(
    services: Services, trigger_id: str, user_id: str, metadata: dict[str, Any], form: DeclareForm = BLANK_FORM
) -> Reply:
    view = modals.declare_modal(services.desk.policy, user_id, metadata, form)
    services.gateway.client.views_open(trigger_id=trigger_id, view=view)
    return None


SUBCOMMANDS = [
    Subcommand(
        "declare",
        "declare [sev1..sev4] [private] [drill] <title>",
        "declare an incident. Flags are lowercase and come before the title "
        "(`declare Private beta` is a public incident); `drill`: a practice run, marked DRILL, paging only "
        "its own people, left out of stats; no title: the form, with those flags",
        _declare,
        check=_check,
        needs_incident=False,
        aliases=("new", "start"),
    ),
]


def _modal_errors(view: dict[str, Any]) -> dict[str, str]:
    """What the form refuses before it closes, checked as the core will check it. Form fields are
    plain text as typed: not Slack markup, so nothing in them is unescaped."""
    values = modals.values(view)
    checks: dict[str, Callable[[], object]] = {
        modals.TITLE: lambda: clean_title(values.get(modals.TITLE) or ""),
        modals.SUMMARY: lambda: optional(values.get(modals.SUMMARY), "The summary"),
        modals.SERVICES: lambda: parse_names(values.get(modals.SERVICES) or ""),
    }
    errors = {}
    for block_id, check in checks.items():
        try:
            check()
        except IncidentError as error:
            errors[block_id] = str(error)
    return errors


def register(app: App, services: Services) -> None:
    def ack_modal(ack: Ack, body: dict[str, Any]) -> None:
        errors = _modal_errors(body["view"])
        ack(response_action="errors", errors=errors) if errors else ack()

    def submit_modal(body: dict[str, Any]) -> Reply:
        view = body["view"]
        if _modal_errors(view):
            return None  # refused in the ack, shown in the modal
        permit(services, "declare", body["user"]["id"])  # the form may have been opened before the policy changed
        values, meta = modals.values(view), json.loads(view.get("private_metadata") or "{}")
        _permit_commander(services, body["user"]["id"], values.get(modals.COMMANDER))
        request = DeclareRequest(
            title=values[modals.TITLE],
            declared_by=body["user"]["id"],
            severity=values.get(modals.SEVERITY) or services.desk.policy.default_severity,
            private="private" in (values.get(modals.PRIVATE) or []),
            drill=modals.DRILL in (values.get(modals.DRILL) or []),
            summary=values.get(modals.SUMMARY),
            commander=values.get(modals.COMMANDER),
            request_key=f"view:{view['id']}",
            source_permalink=meta.get("permalink"),
            reply_to=meta.get("response_url"),
            alert_group=meta.get("alert_group"),
            services=tuple(parse_names(values.get(modals.SERVICES) or "")),
        )
        services.desk.run(incidents.declare, request)
        return None  # the channel link follows on the response_url once the channel exists

    def from_message(body: dict[str, Any]) -> Reply:
        message, channel_id = body.get("message", {}), body["channel"]["id"]
        permit(services, "declare", body["user"]["id"])
        link = services.gateway.client.chat_getPermalink(channel=channel_id, message_ts=message["ts"])
        text = clean(plain_text(readable_text(message)))
        first = text.splitlines()[0] if text else ""
        meta = {"response_url": body.get("response_url"), "permalink": link["permalink"]}
        form = DeclareForm(title=first, summary=text)
        return open_declare_modal(services, body["trigger_id"], body["user"]["id"], meta, form)

    def retry_setup(body: dict[str, Any]) -> Reply:
        number = clicked_incident(services, body)
        write_once(services, request_key(body), incidents.retry_setup, number, body.get("response_url"))
        return f"Retrying the set-up of INC-{number}…"

    app.view(ids.DECLARE_MODAL)(acked(services, submit_modal, answer=ack_modal))
    app.shortcut(ids.DECLARE_SHORTCUT)(acked(services, from_message))
    app.action(ids.RETRY_SETUP)(acked(services, retry_setup))
