"""What buttons and forms share: the incident a click may act on, and making each request's change once.
A button's value is only a claim: it must name the incident of the channel the button was clicked in,
or (outside incident channels, e.g. the declarer's "Retry setup") one the clicker can see."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from slack_sdk.errors import SlackApiError

from bot.core import dedupe, incidents
from bot.core.errors import InvalidInput, NotFound
from bot.core.tx import Tx
from bot.core.views import IncidentView
from bot.slack.gateway import SlackGateway
from bot.slack.services import Services

P = ParamSpec("P")
T = TypeVar("T")


def request_key(body: dict[str, Any]) -> str:
    """A form's view id (Slack sends a double-submitted form twice, with one id), else the trigger id."""
    if view := body.get("view"):
        return f"view:{view['id']}"
    return f"trigger:{body['trigger_id']}"


def write_once(
    services: Services, key: str, op: Callable[Concatenate[Tx, P], T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """Run a writing operation once per request; a repeat raises AlreadyHandled, which answers nothing."""
    return services.desk.run(dedupe.once, key, op, *args, **kwargs)


def clicked_incident(services: Services, body: dict[str, Any], value: str | None = None) -> int:
    """The incident a click may act on. `value`: the number the click names when it is not the
    action's own value (a menu option carries more than the number)."""
    value = str(body["actions"][0].get("value") or "") if value is None else value
    if not re.fullmatch(r"[0-9]{1,9}", value):
        raise InvalidInput("This button does not name an incident. Use `/incident` in the incident's channel.")
    wanted = services.desk.read(incidents.get, int(value))
    here = services.desk.read(incidents.by_channel, (body.get("channel") or {}).get("id") or "")
    if here is not None and here.number != wanted.number:
        raise InvalidInput(f"That button is not for this channel's incident, {here.ref}; nothing was changed.")
    if here is None and not can_see(services.gateway, wanted, body["user"]["id"]):
        raise NotFound(f"There is no incident INC-{wanted.number}.")  # a private one's existence stays private
    return wanted.number


def can_see(gateway: SlackGateway, incident: IncidentView, user_id: str) -> bool:
    """Private incidents are for members of their channel (before it exists: the declarer and role holders)."""
    if not incident.private:
        return True
    if not incident.channel_id:
        return user_id in incident.people or user_id == incident.declared_by
    try:
        members = gateway.client.conversations_members(channel=incident.channel_id, limit=1000)["members"]
    except SlackApiError:
        return False  # e.g. the bot was removed from the channel: show it to nobody rather than fail
    return user_id in members
