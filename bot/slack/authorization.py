"""How Bolt learns who the bot is for each request: from the identity start-up learnt (or the first
auth.test that succeeded), never from a Web API call of its own. Bolt's default for one workspace
calls auth.test on the first request it handles, and a 503 there dropped that request: the first
/incident declare after a restart during a Slack outage was lost."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt.authorization import AuthorizeResult

from bot.slack.gateway import SlackGateway


def known_identity(gateway: SlackGateway) -> Callable[..., AuthorizeResult]:
    """Bolt's `authorize`: our one token, with the bot's IDs once Slack has told us them (until
    then they are None, and nothing on the request path needs them)."""

    def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        who = gateway.identity or {}
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            team=who.get("team"),
            url=who.get("url"),
            bot_user_id=who.get("user_id"),
            bot_id=who.get("bot_id"),
            bot_token=gateway.client.token,
        )

    return authorize
