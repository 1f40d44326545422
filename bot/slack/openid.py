"""Sign in with Slack's side in Slack: the code from the browser's return is exchanged for tokens
(`openid.connect.token`), the ID token must be for this app and carry the nonce the sign-in began
with, and `openid.connect.userInfo` says who signed in and from which workspace. The ID token comes
straight from Slack over the Web API's own connection, so its claims are read without checking its
signature (OpenID Connect Core 3.1.3.7 allows this for the token endpoint's answer)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.settings import Settings
from bot.slack.gateway import SlackGateway

USER_ID, TEAM_ID = "https://slack.com/user_id", "https://slack.com/team_id"


class SignInFailed(Exception):
    """Slack did not confirm who is signing in; the message is for that person."""


@dataclass(frozen=True)
class SlackUser:
    user_id: str
    team_id: str
    name: str


class SlackSignIn:
    def __init__(self, gateway: SlackGateway, settings: Settings) -> None:
        self.gateway, self.settings = gateway, settings

    def user(self, code: str, redirect_uri: str, nonce: str) -> SlackUser:
        """Who signed in, from the code Slack sent the browser back with."""
        try:
            tokens = self.gateway.client.openid_connect_token(
                client_id=self.settings.slack_client_id or "",
                client_secret=self.settings.slack_client_secret or "",
                code=code,
                redirect_uri=redirect_uri,
                grant_type="authorization_code",
            )
            self._check(id_token_claims(str(tokens["id_token"])), nonce)
            return _user(self._user_info(str(tokens["access_token"])))
        except SlackApiError as error:
            raise SignInFailed(f"Slack did not confirm the sign-in ({error.response.get('error')}).") from error
        except OSError as error:
            raise SignInFailed("Slack could not be reached; try again in a minute.") from error

    def workspace(self) -> str:
        """The bot's own workspace (its token's team), the only one whose members get in."""
        try:
            identity = self.gateway.identity or self.gateway.identify()
        except (SlackApiError, OSError) as error:
            raise SignInFailed("Slack could not be reached to check your workspace; try again in a minute.") from error
        return str(identity["team_id"])

    def _check(self, claims: dict[str, Any], nonce: str) -> None:
        if claims.get("aud") != self.settings.slack_client_id or claims.get("nonce") != nonce:
            raise SignInFailed("Slack's answer was not for this sign-in (its nonce or audience differ).")

    def _user_info(self, access_token: str) -> dict[str, Any]:
        client = WebClient(token=access_token, base_url=self.settings.slack_api_url, timeout=self.gateway.timeout)
        return dict(client.openid_connect_userInfo().data)  # type: ignore[arg-type]


def id_token_claims(id_token: str) -> dict[str, Any]:
    """The claims of a JWT (its middle part, base64url JSON)."""
    try:
        payload = id_token.split(".")[1]
        return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))
    except (IndexError, ValueError) as error:
        raise SignInFailed("Slack's ID token could not be read.") from error


def _user(info: dict[str, Any]) -> SlackUser:
    user_id, team_id = info.get(USER_ID) or info.get("sub"), info.get(TEAM_ID)
    if not user_id or not team_id:
        raise SignInFailed("Slack did not say who signed in.")
    return SlackUser(str(user_id), str(team_id), str(info.get("name") or user_id))
