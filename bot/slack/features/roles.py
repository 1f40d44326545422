"""ICS roles: commander, deputy, scribe, comms, SMEs, relieve, the roster, and the card's
"Assign role" button with its modal."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import App, Respond

from bot.core import incidents, staffing
from bot.core.roles import TITLES, Role
from bot.slack import ids
from bot.slack.blocks import answers, modals
from bot.slack.command import Invocation, Reply, Subcommand, ack_only, answer, guarded, tell, validates
from bot.slack.parsing import PersonArgs, parse_person
from bot.slack.services import Services


def _assign(services: Services, number: int, role: Role, user: str, actor: str, area: str | None) -> Reply:
    outcome = services.desk.run(staffing.assign, number, role, user, actor, area)
    return f"⚠️ {outcome.notice}" if outcome.notice else None


def _role_command(role: Role) -> Subcommand:
    usage = f"{role.value} <@user>" + (" [area]" if role == Role.SME else "")

    def run(inv: Invocation, args: str) -> Reply:
        parsed = parse_person(args, usage)
        area = parsed.rest if role == Role.SME else None
        return _assign(inv.services, inv.number, role, inv.person(parsed.who), inv.user_id, area)

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
    inv.services.desk.run(staffing.relieve, inv.number, inv.person(parsed.who), inv.user_id)
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
    def open_modal(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        number = int(action["value"])
        meta = {"number": number, "channel": body.get("channel", {}).get("id")}

        def work() -> Reply:
            services.gateway.client.views_open(
                trigger_id=body["trigger_id"], view=modals.role_modal(f"INC-{number}", meta)
            )
            return None

        answer(respond, guarded(work))

    def submit(body: dict[str, Any], view: dict[str, Any]) -> None:
        values, meta = modals.values(view), json.loads(view["private_metadata"])
        actor = body["user"]["id"]
        reply = guarded(
            lambda: _assign(
                services, meta["number"], Role(values[modals.ROLE]), values[modals.USER], actor, values.get(modals.AREA)
            )
        )
        tell(services, meta.get("channel"), actor, reply)

    app.action(ids.ASSIGN_ROLE)(ack=ack_only, lazy=[open_modal])
    app.view(ids.ROLE_MODAL)(ack=ack_only, lazy=[submit])
