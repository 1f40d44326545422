"""Who may hold an incident role. Checked against the workspace before anything changes, so the
bot, deactivated accounts and IDs nobody holds are refused with a reason."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError

from bot.core.errors import InvalidInput
from bot.slack.gateway import SlackGateway

SLACKBOT = "USLACKBOT"  # answers like a person in users.info, but is not one


def assignable(gateway: SlackGateway, user_id: str) -> str:
    """The user ID back when it is a person who can hold a role; InvalidInput saying why not."""
    user = _info(gateway, user_id)
    if user.get("is_bot") or user_id == SLACKBOT:
        raise InvalidInput(f"<@{user_id}> is a bot: incident roles are for people.")
    if user.get("deleted"):
        raise InvalidInput(f"<@{user_id}>'s account is deactivated: pick someone who can answer.")
    return user_id


def all_assignable(gateway: SlackGateway, user_ids: list[str]) -> list[str]:
    """Each person once (`@bob` and `<@U0BOB>` are the same person), in order, all checked first."""
    return [assignable(gateway, user_id) for user_id in dict.fromkeys(user_ids)]


def _info(gateway: SlackGateway, user_id: str) -> dict[str, Any]:
    try:
        return gateway.client.users_info(user=user_id)["user"]
    except SlackApiError as error:
        if error.response.get("error") != "user_not_found":
            raise
        raise InvalidInput(f"There is no user `{user_id}` in this workspace. Pick them from Slack's @-menu.") from None
