"""The dashboard: the incident list, an incident's page with its timeline and postmortem draft, the
overview charts, and the declare form. Every route is for signed-in members of the workspace
(`signed_in`); routes read through the core and render; who may see a private incident is decided
in `visibility`."""

from __future__ import annotations

from flask import Blueprint

from bot.web.auth import signed_in
from bot.web.dashboard import declare, drafts, incident, listing, overview


def blueprint() -> Blueprint:
    """The dashboard's routes, listed here rather than registered by importing modules."""
    routes = Blueprint("dashboard", __name__)
    routes.add_url_rule("/", "incidents", signed_in(listing.page))
    routes.add_url_rule("/incidents/<int:number>", "incident", signed_in(incident.page))
    routes.add_url_rule("/incidents/<int:number>/timeline", "timeline", signed_in(incident.timeline))
    routes.add_url_rule("/incidents/<int:number>/postmortem", "postmortem", signed_in(drafts.page))
    routes.add_url_rule("/incidents/<int:number>/postmortem.md", "postmortem_md", signed_in(drafts.download))
    routes.add_url_rule("/overview", "overview", signed_in(overview.page))
    routes.add_url_rule("/declare", "declare", signed_in(declare.form), methods=["GET"])
    routes.add_url_rule("/declare", "declare_submit", signed_in(declare.submit), methods=["POST"])
    return routes
