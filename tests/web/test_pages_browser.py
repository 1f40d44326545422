"""The web side in a real browser, as a responder uses it: sign in through Slack, read the list,
open an incident, look at the overview, declare from the form, and check the public status page.
Each step asserts what a person reads there and saves a screenshot."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.support.harness import ALICE, Harness
from tests.web.browser import screenshot, showing, signed_in

PUBLIC = "Card payments fail for some customers; we are rolling back"
INTERNAL = "Internal: db-7 replica lag, paging Carol"


def _incident_with_updates(bot: Harness) -> str:
    channel, _ = bot.declare("sev2 Checkout is failing")
    for command, shows in ((f"update --public {PUBLIC}", "rolling back"), (f"update {INTERNAL}", "db-7")):
        assert bot.send.command(command, ALICE, channel).status == 200
        bot.wait_line(channel, shows)
    return channel


def test_a_responder_reads_and_declares_and_the_public_sees_only_public_updates(
    browser: WebDriver, signin_bot: Harness
) -> None:
    _incident_with_updates(signin_bot)
    signed_in(browser, signin_bot, ALICE)
    listed = showing(browser, "Checkout is failing")
    assert "INC-1" in listed and "SEV2" in listed
    screenshot(browser, "dashboard-list")

    browser.find_element(By.LINK_TEXT, "INC-1").click()
    page = showing(browser, "INC-1: Checkout is failing")
    assert all(section in page for section in ("Facts", "Roles", "Timeline", "Updates", "Action items"))
    assert PUBLIC in page and INTERNAL in page  # responders see every update
    screenshot(browser, "dashboard-incident")

    browser.find_element(By.LINK_TEXT, "Overview").click()
    overview = showing(browser, "Incidents per week by severity")
    assert "MTTA and MTTR per week" in overview
    assert browser.find_elements(By.CSS_SELECTOR, "svg")
    screenshot(browser, "dashboard-overview")

    browser.find_element(By.LINK_TEXT, "Declare").click()
    showing(browser, "Declare an incident")
    browser.find_element(By.ID, "title").send_keys("Search results are empty")
    browser.find_element(By.XPATH, "//button[text()='Declare']").click()
    declared = showing(browser, "INC-2: Search results are empty")
    assert "from the dashboard" in declared and "(from web)" not in declared
    screenshot(browser, "dashboard-declared")
    signin_bot.fake.wait_for(lambda: signin_bot.fake.channel_by_name("inc-2-search-results-are-empty"), timeout=10)

    browser.get(f"http://127.0.0.1:{signin_bot.runtime.port}/status")
    status = showing(browser, "Current incidents")
    assert "Checkout is failing" in status and PUBLIC in status
    assert INTERNAL not in status and "Search results are empty" not in status  # no public update: not public
    assert "Alice" not in status and "Signed in as" not in status and "inc-1" not in status
    screenshot(browser, "status-page")
