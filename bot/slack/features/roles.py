"""ICS roles: commander, deputy, scribe, comms, SMEs, relieve, the roster, and the card's
"Assign role" button with its modal."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.core import gate, incidents, staffing
from bot.core.permissions import Actor
from bot.core.roles import TITLES, Role
from bot.slack import ids, people
from bot.slack.blocks import answers, modals
from bot.slack.blocks.kit import mention
from bot.slack.command import Invocation, Subcommand, validates
from bot.slack.interactions import clicked_incident, request_key, write_once
from bot.slack.parsing import Mention, PeopleArgs, parse_people, parse_person
from bot.slack.permits import assigner
from bot.slack.replies import Reply, acked
from bot.slack.services import Services


def _assign(
    services: Services, key: str, number: int, role: Role, users: list[str], actor: Actor, area: str | None
) -> Reply:
    """Assign once per request (`key`) if `[permissions] assign_roles` allows: the same command or
    form sent again changes nothing."""
    outcome = write_once(services, key, gate.assign, actor, number, role, users, area)
    return f"⚠️ {outcome.notice}" if outcome.notice else None


def _assign_new(inv: Invocation, role: Role, users: list[str], area: str | None) -> Reply:
    """Several SMEs at once: those who already are one are said so, the others are assigned."""
    held = {h.user_id for h in inv.services.desk.read(incidents.get, inv.number).holders(role)}
    new = [u for u in users if u not in held] or users  # nobody new: the core refuses and says why
    who = assigner(inv.services, inv.user_id)
    reply = _assign(inv.services, f"trigger:{inv.trigger_id}", inv.number, role, new, who, area)
    already = [mention(u) for u in users if u not in new]
    note = f"{', '.join(already)} already held that role." if already else None
    return "\n".join(filter(None, [reply, note])) or None


def _targets(role: Role) -> tuple[str, Callable[[str], PeopleArgs]]:
    """The usage and the parser of a role command: SMEs take several people and an area."""
    if role == Role.SME:
        usage = "sme <@user> [<@user>…] [area]"
        return usage, lambda args: parse_people(args, usage)
    usage = f"{role.value} <@user>"
    return usage, lambda args: PeopleArgs((parse_person(args, usage),))


def _role_command(role: Role) -> Subcommand:
    usage, parse = _targets(role)

    def run(inv: Invocation, args: str) -> Reply:
        parsed = parse(args)
        named = people.all_assignable(inv.services.gateway, [inv.person(m) for m in parsed.people])
        return _assign_new(inv, role, named, parsed.area)

    return Subcommand(
        role.value,
        usage,
        f"make someone {TITLES[role].lower()}",
        run,
        check=validates(parse),
        aliases=("ic",) if role == Role.COMMANDER else (),
    )


def _relieve_args(args: str) -> Mention:
    return parse_person(args, "relieve <@user>")


def _relieve(inv: Invocation, args: str) -> Reply:
    who, user = assigner(inv.services, inv.user_id), inv.person(_relieve_args(args))
    inv.write(gate.permitted, "assign_roles", who, staffing.relieve, inv.number, user, inv.user_id)
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
        """Refuse at once someone who could not assign even command to themselves, before they fill the form."""
        number, user = clicked_incident(services, body), body["user"]["id"]
        services.desk.read(gate.may_assign, assigner(services, user), number, Role.COMMANDER, [user])
        meta = {"number": number, "channel": body["channel"]["id"]}
        services.gateway.client.views_open(trigger_id=body["trigger_id"], view=modals.role_modal(f"INC-{number}", meta))
        return None

    def submit(body: dict[str, Any]) -> Reply:
        view = body["view"]
        values, meta = modals.values(view), json.loads(view["private_metadata"])
        actor, key = assigner(services, body["user"]["id"]), request_key(body)
        role, who, area = Role(values[modals.ROLE]), values[modals.USER], values.get(modals.AREA)
        return _assign(services, key, meta["number"], role, [people.assignable(services.gateway, who)], actor, area)

    app.action(ids.ASSIGN_ROLE)(acked(services, open_modal))
    app.view(ids.ROLE_MODAL)(acked(services, submit))
