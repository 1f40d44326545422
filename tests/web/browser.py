"""A real browser for the web tests: Debian's Chromium, headless, driven by Selenium through
Debian's chromedriver (nothing is downloaded: both paths are given, Selenium Manager stays offline).
Missing, the browser tests skip, except under CI=true, where that is a failure. After each test a
screenshot of the page it ended on is saved to test-artifacts/screenshots/<test name>.png."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.harness import Harness

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def browser(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WebDriver]:
    _require_chromium()
    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager: never fetch a browser or a driver
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(15)
    try:
        yield driver
    finally:
        screenshot(driver, request.node.name)
        driver.quit()


def _require_chromium() -> None:
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    reason = f"{CHROMIUM} and {CHROMEDRIVER} are needed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"the browser tests cannot run under CI: {reason}")
    pytest.skip(reason)


def screenshot(driver: WebDriver, name: str) -> None:
    """The page as it looks now, saved as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^\w.-]+", "_", name)
    driver.save_screenshot(str(SCREENSHOTS / f"{safe}.png"))


def page_text(browser: WebDriver) -> str:
    """What a person reads on the page."""
    return browser.find_element(By.TAG_NAME, "body").text


def signed_in(browser: WebDriver, bot: Harness, user: str, path: str = "/") -> None:
    """Sign `user` in through the fake Slack's OpenID pages, the way a person clicking Allow does,
    and wait for the bot's page at `path`."""
    bot.fake.openid.sign_in_as(user)
    browser.get(f"http://127.0.0.1:{bot.runtime.port}{path}")
    showing(browser, "Signed in as")


def showing(browser: WebDriver, words: str) -> str:
    """The page's text once it shows `words`. The previous page may still be going away meanwhile,
    and Chromium then says so in more than one way (a stale element, or an inspector error that
    the body "does not belong to the document"), so any driver error is retried until the wait ends."""
    WebDriverWait(browser, 10, ignored_exceptions=(WebDriverException,)).until(lambda b: words in page_text(b))
    return page_text(browser)
