"""Sign in with Slack, over HTTP as a browser does it (redirects and cookies), against the fake
Slack's OpenID pages: who gets in, who does not, and what a session cookie is worth."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from bot.settings import Settings
from bot.web.auth.setup import session_config
from tests.fakeslack import FakeSlack
from tests.support.clock import TravelClock
from tests.support.harness import ALICE, Harness
from tests.support.signin import CLIENT_ID, Page, Visitor

COOKIE = "incident_session"


def _to_the_callback(visitor: Visitor, path: str = "/") -> str:
    """Ask for a page signed out, and follow Slack's authorize page to the bot's callback URL."""
    authorize = visitor.peek(path)
    assert authorize.status == 302, authorize
    back = visitor.peek(authorize.location)
    assert back.status == 302, back
    return back.location


def _at_the_callback(bot: Harness, user: str = ALICE, path: str = "/") -> tuple[Visitor, str]:
    """A new visitor signed in to Slack as `user`, back from Slack's authorize page: the URL it was sent to."""
    bot.fake.openid.sign_in_as(user)
    visitor = Visitor(bot)
    return visitor, _to_the_callback(visitor, path)


def _signed_in(bot: Harness, user: str = ALICE) -> tuple[Visitor, Page]:
    visitor, callback = _at_the_callback(bot, user)
    return visitor, visitor.get(callback)


def test_signed_out_the_dashboard_sends_the_browser_to_slack_s_authorize_page(signin_bot: Harness) -> None:
    answer = Visitor(signin_bot).peek("/")
    url = urlsplit(answer.location)
    query = {name: values[0] for name, values in parse_qs(url.query).items()}
    assert answer.status == 302
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{signin_bot.fake.base_url}/openid/connect/authorize"
    assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
    assert query["redirect_uri"] == f"http://127.0.0.1:{signin_bot.runtime.port}/auth/slack/callback"
    assert "openid" in query["scope"].split() and query["state"] and query["nonce"]


def test_a_member_signs_in_and_lands_where_they_were_going(signin_bot: Harness) -> None:
    visitor, callback = _at_the_callback(signin_bot, path="/?view=all")
    back = visitor.peek(callback)
    assert (back.status, back.location) == (302, "/?view=all")
    cookie = back.headers["Set-Cookie"]
    assert all(part in cookie for part in ("HttpOnly", "SameSite=Lax", "Expires=")) and "Secure" not in cookie
    page = visitor.get(back.location)
    assert page.status == 200 and "Signed in as Alice Archer" in page.text


def test_a_member_of_another_workspace_is_refused_and_stays_signed_out(signin_bot: Harness) -> None:
    signin_bot.fake.openid.sign_in_as("U0MALLORY", team_id="T0FOREIGN", name="Mallory")
    visitor = Visitor(signin_bot)
    page = visitor.get(_to_the_callback(visitor))
    assert page.status == 403 and "another Slack workspace" in page.text
    assert "Signed in as" not in page.text
    assert visitor.peek("/").status == 302


def test_a_tampered_cookie_counts_as_signed_out(signin_bot: Harness) -> None:
    visitor, _ = _signed_in(signin_bot)
    cookie = visitor.cookie(COOKIE)
    payload, rest = cookie.value.split(".", 1)
    cookie.value = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + rest
    answer = visitor.peek("/")
    assert answer.status == 302 and "/openid/connect/authorize" in answer.location


def test_a_session_lasts_twelve_hours_on_the_bot_s_clock(signin_bot: Harness, travel: TravelClock) -> None:
    visitor, _ = _signed_in(signin_bot)
    travel.advance(hours=11, minutes=59)
    assert visitor.peek("/").status == 200
    travel.advance(minutes=2)
    answer = visitor.peek("/")
    assert answer.status == 302 and "/openid/connect/authorize" in answer.location


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(signin_bot: Harness) -> None:
    visitor, page = _signed_in(signin_bot)
    refused = visitor.post("/auth/signout", {})
    assert refused.status == 400 and "without its security token" in refused.text
    wrong = visitor.post("/auth/signout", {"csrf_token": "forged"})
    assert wrong.status == 400 and "does not match your session" in wrong.text
    assert visitor.peek("/").status == 200
    out = visitor.post("/auth/signout", {"csrf_token": visitor.csrf(page)})
    assert out.status == 200 and "You are signed out" in out.text
    assert visitor.peek("/").status == 302


def test_a_wrong_or_replayed_state_is_refused(signin_bot: Harness) -> None:
    visitor, callback = _at_the_callback(signin_bot)
    forged = visitor.get(callback.replace("state=", "state=x"))
    assert forged.status == 400 and "not started here" in forged.text
    callback = _to_the_callback(visitor)
    assert visitor.get(callback).status == 200
    replayed = Visitor(signin_bot).get(callback)
    assert replayed.status == 400 and "Signed in as" not in replayed.text
    again = visitor.get(callback)
    assert again.status == 400 and "already used" in again.text


def test_slack_refusing_the_code_is_a_clear_page(signin_bot: Harness) -> None:
    visitor, callback = _at_the_callback(signin_bot)
    page = visitor.get(callback.replace("code=", "code=stale"))
    assert page.status == 403 and "Slack did not confirm the sign-in (invalid_code)" in page.text


def test_without_the_settings_the_dashboard_says_how_to_turn_it_on(bot: Harness, fake: FakeSlack) -> None:
    page = Visitor(bot).get("/")
    assert page.status == 503 and "The dashboard is off" in page.text
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "PUBLIC_URL", "SESSION_SECRET", "README"):
        assert name in page.text
    assert not any(method.startswith("openid.") for method, _ in fake.calls)


def test_the_cookie_is_secure_when_the_bot_is_served_over_https() -> None:
    secure = session_config(Settings(public_url="https://incidents.example.com", session_secret="s" * 40))
    plain = session_config(Settings(public_url="http://127.0.0.1:3000", session_secret="s" * 40))
    assert (secure["SESSION_COOKIE_SECURE"], plain["SESSION_COOKIE_SECURE"]) == (True, False)
    assert secure["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=12)
