"""Sign in with Slack in a real browser: what a person sees at each step."""

from __future__ import annotations

from urllib.parse import urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.support.harness import ALICE, Harness
from tests.web.browser import page_text, showing, signed_in


def test_a_member_signs_in_and_sees_the_dashboard(browser: WebDriver, signin_bot: Harness) -> None:
    signed_in(browser, signin_bot, ALICE)
    assert urlsplit(browser.current_url).path == "/"
    assert "Signed in as Alice Archer" in page_text(browser)
    assert "No incidents match." in page_text(browser)  # the incident list, empty


def test_signing_out_takes_the_session_away(browser: WebDriver, signin_bot: Harness) -> None:
    signed_in(browser, signin_bot, ALICE)
    browser.find_element(By.XPATH, "//button[text()='Sign out']").click()
    showing(browser, "You are signed out")
    assert "Signed in as" not in page_text(browser)
    assert not [c for c in browser.get_cookies() if c["name"] == "incident_session" and len(c["value"]) > 8]


def test_a_member_of_another_workspace_is_told_why_they_cannot_come_in(browser: WebDriver, signin_bot: Harness) -> None:
    signin_bot.fake.openid.sign_in_as("U0MALLORY", team_id="T0FOREIGN", name="Mallory")
    browser.get(f"http://127.0.0.1:{signin_bot.runtime.port}/")
    showing(browser, "Not signed in")
    assert "another Slack workspace" in page_text(browser)
    assert "Signed in as" not in page_text(browser)
