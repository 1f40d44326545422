"""ICS roles: commander, deputy, scribe, comms, SMEs, relieve, the roster, and the card's
"Assign role" button with its modal."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import App

from bot.core import incidents, staffing
from bot.core.roles import TITLES, Role
from bot.core.views import Outcome
from bot.slack import ids
from bot.slack.blocks import answers, modals
from bot.slack.command import Invocation, Subcommand, ack_only, validates
from bot.slack.interactions import clicked_incident, request_key, write_once
from bot.slack.parsing import PersonArgs, parse_person
from bot.slack.replies import Reply, lazy
from bot.slack.services import Services


def _warning(outcome: Outcome) -> Reply:
    return f"⚠️ {outcome.notice}" if outcome.notice else None


def _role_command(role: Role) -> Subcommand:
    usage = f"{role.value} <@user>" + (" [area]" if role == Role.SME else "")

    def run(inv: Invocation, args: str) -> Reply:
        parsed = parse_person(args, usage)
        area = parsed.rest if role == Role.SME else None
        return _warning(inv.write(staffing.assign, inv.number, role, inv.person(parsed.who), inv.user_id, area))

    return Subcommand(
        role.value,
        usage,
        f"make someone {TITLES[role].lower()}",
        run,
        check=validates(lambda args: parse_person(args, usage)),
        aliases=("ic",) if role == Role.COMMANDER else (),
    )


def _relieve_args(args: str) -> PersonArgs:
    return parse_person(args, "relieve <@user>")


def _relieve(inv: Invocation, args: str) -> Reply:
    parsed = _relieve_args(args)
    inv.write(staffing.relieve, inv.number, inv.person(parsed.who), inv.user_id)
    return None


def _roles(inv: Invocation, _args: str) -> Reply:
    return answers.roles(inv.services.desk.read(incidents.get, inv.number))


SUBCOMMANDS = [
    *(_role_command(role) for role in Role),
    Subcommand(
        "relieve", "relieve <@user>", "take someone off their role(s)", _relieve, check=validates(_relieve_args)
    ),
    Subcommand("roles", "roles", "who holds which role", _roles),
]


def register(app: App, services: Services) -> None:
    def open_modal(body: dict[str, Any]) -> Reply:
        number = clicked_incident(services, body)
        meta = {"number": number, "channel": body["channel"]["id"]}
        services.gateway.client.views_open(trigger_id=body["trigger_id"], view=modals.role_modal(f"INC-{number}", meta))
        return None

    def submit(body: dict[str, Any]) -> Reply:
        view = body["view"]
        values, meta = modals.values(view), json.loads(view["private_metadata"])
        role, user, area = Role(values[modals.ROLE]), values[modals.USER], values.get(modals.AREA)
        key, actor = request_key(body), body["user"]["id"]
        return _warning(write_once(services, key, staffing.assign, meta["number"], role, user, actor, area))

    app.action(ids.ASSIGN_ROLE)(ack=ack_only, lazy=[lazy(services, open_modal)])
    app.view(ids.ROLE_MODAL)(ack=ack_only, lazy=[lazy(services, submit)])
