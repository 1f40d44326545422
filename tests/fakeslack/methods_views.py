"""views.* methods: modals gated by fresh, single-use trigger ids."""

from __future__ import annotations

import secrets
import time
from typing import Any

from .context import Ctx, Handler
from .errors import SlackError, invalid_arguments
from .models import copy_json
from .triggers import check_trigger
from .validation import validate_view

_MODAL = frozenset({"modal"})
_HOME = frozenset({"home"})


def _new_hash() -> str:
    return f"{int(time.time())}.{secrets.token_hex(4)}"


def _consume_trigger(ctx: Ctx) -> None:
    """Check freshness, then spend the id: Slack rejects a second exchange."""
    trigger_id = ctx.params.text("trigger_id")
    check_trigger(trigger_id, ctx.state.config.trigger_ttl)
    if trigger_id in ctx.state.used_triggers:
        raise SlackError("exchanged_trigger_id")


def _stored_view(ctx: Ctx, view: dict[str, Any], view_id: str, **links: Any) -> dict[str, Any]:
    config = ctx.state.config
    stored = {
        "id": view_id,
        "team_id": config.team_id,
        "type": view["type"],
        "title": view.get("title"),
        "submit": view.get("submit"),
        "close": view.get("close"),
        "blocks": copy_json(view.get("blocks", [])),
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "external_id": view.get("external_id", ""),
        "state": {"values": {}},
        "hash": _new_hash(),
        "clear_on_close": bool(view.get("clear_on_close")),
        "notify_on_close": bool(view.get("notify_on_close")),
        "root_view_id": view_id,
        "previous_view_id": None,
        "app_id": config.app_id,
        "app_installed_team_id": config.team_id,
        "bot_id": config.bot_id,
    }
    stored.update(links)
    return stored


def _check_external_id(ctx: Ctx, view: dict[str, Any], own_id: str | None = None) -> None:
    external_id = view.get("external_id")
    if external_id and any(v["external_id"] == external_id and v["id"] != own_id for v in ctx.state.views.values()):
        raise SlackError("duplicate_external_id")


def _open_like(ctx: Ctx, **links: Any) -> dict[str, Any]:
    _consume_trigger(ctx)
    view = validate_view(ctx.params.raw("view"), allowed_types=_MODAL)
    _check_external_id(ctx, view)
    ctx.state.used_triggers.add(ctx.params.text("trigger_id") or "")
    view_id = ctx.state.next_id("V")
    stored = _stored_view(ctx, view, view_id, **links)
    ctx.state.views[view_id] = stored
    return {"view": copy_json(stored)}


def views_open(ctx: Ctx) -> dict[str, Any]:
    """Open a modal."""
    return _open_like(ctx)


def views_push(ctx: Ctx) -> dict[str, Any]:
    """Push a modal onto the stack (the fake does not track the stack itself)."""
    return _open_like(ctx)


def _find_view(ctx: Ctx) -> dict[str, Any]:
    view_id, external_id = ctx.params.text("view_id"), ctx.params.text("external_id")
    if not view_id and not external_id:
        raise invalid_arguments("must provide either view_id or external_id")
    for view in ctx.state.views.values():
        if (view_id and view["id"] == view_id) or (external_id and view["external_id"] == external_id):
            return view
    raise SlackError("not_found")


def views_update(ctx: Ctx) -> dict[str, Any]:
    """Replace a view; a stale ``hash`` gives ``hash_conflict``."""
    current = _find_view(ctx)
    expected = ctx.params.text("hash")
    if expected is not None and expected != current["hash"]:
        raise SlackError("hash_conflict")
    view = validate_view(ctx.params.raw("view"), allowed_types=_MODAL | _HOME)
    _check_external_id(ctx, view, current["id"])
    stored = _stored_view(
        ctx, view, current["id"], root_view_id=current["root_view_id"], previous_view_id=current["previous_view_id"]
    )
    ctx.state.views[current["id"]] = stored
    return {"view": copy_json(stored)}


def views_publish(ctx: Ctx) -> dict[str, Any]:
    """Publish a user's App Home view (one per user, updated in place)."""
    user_id = ctx.params.required("user_id")
    ctx.state.get_user(user_id)
    view = validate_view(ctx.params.raw("view"), allowed_types=_HOME)
    existing = next((v for v in ctx.state.views.values() if v.get("home_user") == user_id), None)
    expected = ctx.params.text("hash")
    if existing is not None and expected is not None and expected != existing["hash"]:
        raise SlackError("hash_conflict")
    view_id = existing["id"] if existing else ctx.state.next_id("V")
    stored = _stored_view(ctx, view, view_id, home_user=user_id)
    ctx.state.views[view_id] = stored
    answer = copy_json(stored)
    answer.pop("home_user")
    return {"view": answer}


METHODS: dict[str, Handler] = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
}
