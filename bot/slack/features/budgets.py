"""Services and error budgets: `/incident service <name>…` names what an incident affects,
`/incident slo [<service>]` shows what is left of a service's error budget."""

from __future__ import annotations

from bot.core import budget, incident_services, incidents, service_names
from bot.core.budget import IncidentBudget
from bot.core.errors import InvalidInput
from bot.core.tx import Tx
from bot.core.views import IncidentView
from bot.slack.access import Access, access
from bot.slack.blocks import budgets
from bot.slack.command import Invocation, Subcommand, validates
from bot.slack.mrkdwn import escape
from bot.slack.parsing import plain_text
from bot.slack.replies import Reply


def _names(args: str) -> list[str]:
    return service_names.parse_names(plain_text(args))


def _service(inv: Invocation, args: str) -> Reply:
    """Adds the names given, then answers with all the incident's services."""
    if _names(args):
        incident = inv.write(incident_services.add, inv.number, plain_text(args), inv.user_id).incident
    else:
        incident = inv.services.desk.read(incidents.get, inv.number)
    return _listed(incident)


def _listed(incident: IncidentView) -> str:
    if not incident.services:
        return f"{incident.ref} names no services yet: `/incident {service_names.USAGE}`."
    return f"{incident.ref} affects " + ", ".join(f"`{escape(name)}`" for name in incident.services) + "."


def _slo(inv: Invocation, args: str) -> Reply:
    desk = inv.services.desk
    if not (words := plain_text(args).split()):
        return budgets.overview(desk.read(budget.every_service))
    name = service_names.normalised(words[0]) or words[0]
    found = desk.read(budget.service_budget, name)
    if found is None:
        raise InvalidInput(budgets.unknown(name, list(desk.policy.slo)))
    shown = (b.incident for b in found.burns if access(inv.services, inv.user_id, b.incident) is not Access.HIDDEN)
    named = {incident.number for incident in shown}
    here, ref = _here(inv, name)
    return budgets.service(found, named, here, ref)


def _here(inv: Invocation, service: str) -> tuple[IncidentBudget | None, str]:
    """In an incident channel: what that incident consumed of the service's budget, if it names it."""

    def read(tx: Tx) -> tuple[IncidentBudget | None, str]:
        incident = incidents.by_channel(tx, inv.channel_id)
        if incident is None:
            return None, ""
        mine = [b for b in budget.of_incident(tx, incident.number) if b.service == service]
        return (mine[0] if mine else None), incident.ref

    return inv.services.desk.read(read)


SUBCOMMANDS = [
    Subcommand(
        "service",
        "service [<name>…]",
        "name the services this incident affects (space- or comma-separated); alone: list them",
        _service,
        check=validates(_names),
        aliases=("services",),
    ),
    Subcommand(
        "slo",
        "slo [<service>]",
        "a service's error budget: allowed, used and left in its window; alone: every service with an SLO",
        _slo,
        needs_incident=False,
    ),
]
