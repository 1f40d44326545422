"""auth.*, users.*, usergroups.users.list/update and apps.connections.open."""

from __future__ import annotations

from typing import Any

from . import render
from .context import Ctx, Handler
from .errors import SlackError
from .params import paginate


def auth_test(ctx: Ctx) -> dict[str, Any]:
    """Who the token belongs to (Bolt calls this at start-up)."""
    config = ctx.state.config
    return {
        "url": config.team_url,
        "team": config.team_name,
        "user": config.bot_name,
        "team_id": config.team_id,
        "user_id": config.bot_user_id,
        "bot_id": config.bot_id,
        "is_enterprise_install": False,
    }


def users_info(ctx: Ctx) -> dict[str, Any]:
    """One user, or ``user_not_found``."""
    user = ctx.state.get_user(ctx.params.required("user", "user_not_found"))
    return {"user": render.user(ctx.state, user)}


def users_list(ctx: Ctx) -> dict[str, Any]:
    """All users (bot included), with cursor pagination when ``limit`` is given."""
    state = ctx.state
    page, next_cursor = paginate(list(state.users.values()), ctx.params.text("cursor"), ctx.params.number("limit", 0))
    return {
        "members": [render.user(state, u) for u in page],
        "cache_ts": 0,
        "response_metadata": {"next_cursor": next_cursor},
    }


def users_lookup_by_email(ctx: Ctx) -> dict[str, Any]:
    """Exact (case-insensitive) e-mail match, or ``users_not_found``."""
    email = ctx.params.required("email", "users_not_found").lower()
    user = next((u for u in ctx.state.users.values() if (u.email or "").lower() == email), None)
    if user is None:
        raise SlackError("users_not_found")
    return {"user": render.user(ctx.state, user)}


def usergroups_users_list(ctx: Ctx) -> dict[str, Any]:
    """A user group's member IDs, or ``no_such_subteam`` (Slack's answer for an unknown ID)."""
    subteam = ctx.params.required("usergroup", "invalid_arguments")
    if subteam not in ctx.state.usergroups:
        raise SlackError("no_such_subteam")
    return {"users": list(ctx.state.usergroups[subteam])}


def usergroups_users_update(ctx: Ctx) -> dict[str, Any]:
    """Replace a user group's members, as Slack does: ``no_such_subteam`` for an unknown group,
    ``no_users_provided`` for none, ``invalid_users`` when any ID is nobody (or a deactivated account)."""
    state = ctx.state
    subteam = ctx.params.required("usergroup", "invalid_arguments")
    if subteam not in state.usergroups:
        raise SlackError("no_such_subteam")
    users = [user.strip() for user in ctx.params.csv("users") if user.strip()]
    if not users:
        raise SlackError("no_users_provided")
    if any(user not in state.users or state.users[user].deleted for user in users):
        raise SlackError("invalid_users")
    state.usergroups[subteam] = list(dict.fromkeys(users))
    return {"usergroup": {"id": subteam, "users": list(state.usergroups[subteam]), "user_count": len(users)}}


def apps_connections_open(ctx: Ctx) -> dict[str, Any]:
    """A fresh single-connection Socket Mode URL on this server."""
    ws_base = ctx.base_url.replace("http://", "ws://", 1)
    return {"url": ctx.hub.issue_url(ws_base)}


METHODS: dict[str, Handler] = {
    "auth.test": auth_test,
    "users.info": users_info,
    "users.list": users_list,
    "users.lookupByEmail": users_lookup_by_email,
    "usergroups.users.list": usergroups_users_list,
    "usergroups.users.update": usergroups_users_update,
    "apps.connections.open": apps_connections_open,
}
