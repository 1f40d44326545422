"""Sign in with Slack on the fake: the authorize page sends a signed-in browser back with a code,
only for a registered client, redirect URL, `openid` scope and `response_type=code`; a code buys
tokens once; the access token answers userInfo with the workspace's view of the person."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from slack_sdk import WebClient

from tests.fakeslack import FakeSlack

CLIENT_ID, SECRET, BACK = "111.222", "client-secret", "https://bot.example/auth/slack/callback"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _authorize(fake: FakeSlack, **overrides: str) -> tuple[int, str, str]:
    """(status, Location, page text) of a browser's GET of the authorize page."""
    query = {"response_type": "code", "scope": "openid profile email", "client_id": CLIENT_ID}
    query |= {"redirect_uri": BACK, "state": "s1", "nonce": "n1"} | overrides
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(f"{fake.base_url}/openid/connect/authorize?{urlencode(query)}", timeout=5) as answer:
            return answer.status, answer.headers.get("Location", ""), answer.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get("Location", ""), error.read().decode()


@pytest.fixture
def signed_in(fake: FakeSlack) -> FakeSlack:
    fake.openid.register(CLIENT_ID, SECRET, "https://bot.example/")
    fake.openid.sign_in_as("U1")
    return fake


def _code(fake: FakeSlack) -> str:
    status, location, _ = _authorize(fake)
    assert status == 302 and location.startswith(BACK + "?")
    back = parse_qs(urlsplit(location).query)
    assert back["state"] == ["s1"]
    return back["code"][0]


def test_a_signed_in_browser_comes_back_with_a_code_that_buys_who_it_is(signed_in: FakeSlack) -> None:
    tokens = WebClient(base_url=signed_in.api_url).openid_connect_token(
        client_id=CLIENT_ID, client_secret=SECRET, code=_code(signed_in), redirect_uri=BACK
    )
    payload = tokens["id_token"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert (claims["aud"], claims["nonce"], claims["sub"]) == (CLIENT_ID, "n1", "U1")
    info = WebClient(base_url=signed_in.api_url, token=tokens["access_token"]).openid_connect_userInfo()
    assert info["https://slack.com/user_id"] == "U1" and info["https://slack.com/team_id"] == "T0001"
    assert (info["name"], info["email"]) == ("Alice Doe", "alice@example.com")


def test_a_member_of_another_workspace_is_said_to_be_from_it(signed_in: FakeSlack) -> None:
    signed_in.openid.sign_in_as("U0OTHER", team_id="T0FOREIGN", name="Mallory")
    tokens = WebClient(base_url=signed_in.api_url).openid_connect_token(
        client_id=CLIENT_ID, client_secret=SECRET, code=_code(signed_in), redirect_uri=BACK
    )
    info = WebClient(base_url=signed_in.api_url, token=tokens["access_token"]).openid_connect_userInfo()
    assert (info["https://slack.com/team_id"], info["name"]) == ("T0FOREIGN", "Mallory")


@pytest.mark.parametrize(
    ("override", "error"),
    [
        ({"client_id": "999.999"}, "invalid_client_id"),
        ({"redirect_uri": "https://evil.example/auth/slack/callback"}, "bad_redirect_uri"),
        ({"scope": "profile email"}, "invalid_scope"),
        ({"scope": "openid admin"}, "invalid_scope"),
        ({"response_type": "token"}, "unsupported_response_type"),
    ],
)
def test_the_authorize_page_refuses_what_slack_refuses(
    signed_in: FakeSlack, override: dict[str, str], error: str
) -> None:
    status, location, page = _authorize(signed_in, **override)
    assert (status, location) == (400, "") and error in page


def test_nobody_signed_in_to_slack_stays_on_slack(signed_in: FakeSlack) -> None:
    signed_in.openid.sign_in_as(None)
    status, location, page = _authorize(signed_in)
    assert (status, location) == (200, "") and "Sign in to your Slack workspace" in page


def test_a_code_works_once_for_its_own_client_secret_and_redirect(
    signed_in: FakeSlack, slack_error: Callable[..., str]
) -> None:
    client = WebClient(base_url=signed_in.api_url)
    exchange = client.openid_connect_token
    code = _code(signed_in)
    assert slack_error(exchange, client_id="999.9", client_secret=SECRET, code=code) == "invalid_client_id"
    assert slack_error(exchange, client_id=CLIENT_ID, client_secret="wrong", code=code) == "bad_client_secret"
    assert slack_error(exchange, client_id=CLIENT_ID, client_secret=SECRET, code=code) == "bad_redirect_uri"
    assert slack_error(exchange, client_id=CLIENT_ID, client_secret=SECRET, code="nope", redirect_uri=BACK) == (
        "invalid_code"
    )
    assert exchange(client_id=CLIENT_ID, client_secret=SECRET, code=code, redirect_uri=BACK)["ok"]
    assert slack_error(exchange, client_id=CLIENT_ID, client_secret=SECRET, code=code, redirect_uri=BACK) == (
        "invalid_code"
    )


def test_user_info_needs_the_user_s_token(signed_in: FakeSlack, slack_error: Callable[..., str]) -> None:
    assert slack_error(WebClient(base_url=signed_in.api_url).openid_connect_userInfo) == "not_authed"
    assert slack_error(WebClient(base_url=signed_in.api_url, token="xoxb-test").openid_connect_userInfo) == (
        "invalid_auth"
    )
