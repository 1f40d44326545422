"""Issue 15, on-call from calendars, through a real feed server and the fake Slack: whom a page reaches,
conditional refreshes, the last good copy in force, and a broken feed (500, garbage, silence) paging the
fallback and saying so in the channel."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable

import pytest

from tests.oncall.conftest import around_now
from tests.support.clock import TravelClock
from tests.support.harness import BOB, DAVE, Harness
from tests.support.ics_server import IcsServer


def oncall(bot: Harness, needle: str, timeout: float = 5.0) -> str:
    """`/incident oncall`, asked until its answer says `needle` (a refresh may still be on its way)."""

    def answered() -> str | None:
        text = bot.reply(bot.send.command("oncall", BOB, bot.general))
        return text if needle in text else None

    return bot.fake.wait_for(answered, timeout)


def scrape(bot: Harness) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{bot.runtime.port}/metrics", timeout=10) as response:
        return response.read().decode()


def test_a_page_reaches_whom_the_feed_names_and_refreshes_are_conditional(
    start_bot: Callable[[str], Harness], feed: IcsServer, travel: TravelClock
) -> None:
    feed.serve(around_now(travel))
    bot = start_bot("1s")
    text = oncall(bot, "bob@example.com now")
    assert "carol@example.com from" in text and "(calendar feed, updated" in text and "⚠️" not in text
    bot.fake.wait_for(lambda: feed.not_modified >= 2, timeout=6)  # the server counts 304s

    channel, _ = bot.declare("sev1 Payments are down")
    assert "You are paged for INC-1" in bot.wait_dm(BOB, "You are paged")
    bot.wait_line(channel, "Paged bob@example.com (escalation level 1)")
    assert not any("fallback" in line for line in bot.lines(channel))
    assert 'incident_bot_oncall_feed_stale{schedule="primary"} 0.0' in scrape(bot)


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ("500", "the feed answered HTTP 500"),
        ("garbage", "the feed is not an iCalendar file"),
        ("silent", "the feed could not be read (timed out)"),
    ],
)
def test_a_broken_feed_pages_the_fallback_and_says_so(
    start_bot: Callable[[str], Harness], feed: IcsServer, answer: str, why: str
) -> None:
    feed.answer(answer)
    bot = start_bot("2s")
    text = oncall(bot, why)
    assert "*primary*: nobody now" in text and "a page goes to the fallback too: <@U0DAVE>" in text

    channel, _ = bot.declare("sev1 Checkout is failing")
    bot.wait_dm(DAVE, "You are paged for INC-1")
    line = bot.wait_line(channel, "On-call feed for primary has no good copy yet")
    assert line.endswith(f"paged the fallback: <@{DAVE}>") and why in line
    bot.wait_line(channel, f"Paged <@{DAVE}> (escalation level 1)")
    assert 'incident_bot_oncall_feed_stale{schedule="primary"} 1.0' in scrape(bot)


def refreshed_after(start_bot: Callable[[str], Harness], feed: IcsServer, travel: TravelClock, change: str) -> Harness:
    """A bot with a good copy (Bob on call, refreshed every 10 s), whose next refresh meets `change`
    ("500", or a body to serve) and has been asked when this returns."""
    feed.serve(around_now(travel))
    bot = start_bot("10s")
    oncall(bot, "bob@example.com now")
    if change == "500":
        feed.answer(change)
    else:
        feed.serve(change)
    hits = feed.hits
    travel.advance(seconds=11)  # the next refresh is due
    bot.fake.wait_for(lambda: feed.hits > hits)
    return bot


def test_the_last_good_copy_stays_in_force_until_it_goes_stale(
    start_bot: Callable[[str], Harness], feed: IcsServer, travel: TravelClock
) -> None:
    bot = refreshed_after(start_bot, feed, travel, "500")
    text = oncall(bot, "bob@example.com now")
    assert "⚠️" not in text, "a failed refresh leaves the copy in force"
    first, _ = bot.declare("sev1 Search is slow")
    bot.wait_line(first, "Paged bob@example.com (escalation level 1)")

    travel.advance(seconds=30)  # three refreshes missed: stale
    oncall(bot, "is stale (last good")
    second, _ = bot.declare("sev1 Search is down")
    line = bot.wait_line(second, "On-call feed for primary is stale (last good")
    assert line.endswith(f"paged the fallback: <@{DAVE}>")
    bot.wait_line(second, f"Paged bob@example.com, <@{DAVE}> (escalation level 1)")
    bot.wait_dm(BOB, "You are paged for INC-2")
    bot.wait_dm(DAVE, "You are paged for INC-2")


def test_an_emptied_calendar_is_refused_as_nonsense(
    start_bot: Callable[[str], Harness], feed: IcsServer, travel: TravelClock
) -> None:
    bot = refreshed_after(start_bot, feed, travel, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    text = oncall(bot, "bob@example.com now")
    assert "carol@example.com from" in text and "⚠️" not in text, "the copy in force still names the next shift"
