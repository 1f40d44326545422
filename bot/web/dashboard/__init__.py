"""The dashboard: the incident list, an incident's page with its timeline and postmortem draft, the
overview charts, and the declare form. Routes read through the core and render; who may see a
private incident is decided in `visibility`."""

from __future__ import annotations

from flask import Blueprint

from bot.web.dashboard import declare, drafts, incident, listing, overview


def blueprint() -> Blueprint:
    """The dashboard's routes, listed here rather than registered by importing modules."""
    routes = Blueprint("dashboard", __name__)
    routes.add_url_rule("/", "incidents", listing.page)
    routes.add_url_rule("/incidents/<int:number>", "incident", incident.page)
    routes.add_url_rule("/incidents/<int:number>/timeline", "timeline", incident.timeline)
    routes.add_url_rule("/incidents/<int:number>/postmortem", "postmortem", drafts.page)
    routes.add_url_rule("/incidents/<int:number>/postmortem.md", "postmortem_md", drafts.download)
    routes.add_url_rule("/overview", "overview", overview.page)
    routes.add_url_rule("/declare", "declare", declare.form, methods=["GET"])
    routes.add_url_rule("/declare", "declare_submit", declare.submit, methods=["POST"])
    return routes
