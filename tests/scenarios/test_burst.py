"""Many declares at once, under rate limits: every incident comes out whole, none twice, and the
announce channel gets one message listing them all."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.support.harness import ALICE, BOB, CAROL, DAVE, Harness


def test_twenty_five_declares_at_once_under_rate_limits_all_complete(bot: Harness) -> None:
    bot.fake.inject("conversations.create", status=429, retry_after=1, times=3)
    bot.fake.inject("chat.postMessage", status=429, retry_after=1, times=5)
    users = (ALICE, BOB, CAROL, DAVE)
    with ThreadPoolExecutor(25) as pool:
        answers = list(pool.map(lambda i: bot.send.command(f"declare sev2 Burst {i}", users[i % 4]), range(25)))
    assert all(a.status == 200 for a in answers)
    # The declares run after their acks; wait for each reply, else idle() may look before anything is queued.
    assert all("is declared" in bot.reply(a, timeout=30) for a in answers)
    bot.idle(timeout=30)
    channels = [bot.fake.channel_by_name(f"inc-{n}-burst-{i}") for n in range(1, 26) for i in range(25)]
    found = [c for c in channels if c]
    assert len(found) == 25
    assert all(len(bot.fake.pins(c["id"])) == 1 for c in found)
    [announcement] = bot.lines(bot.announce)  # one message for the minute's declares, none left out
    listed = [line.split(" declared")[0] for line in announcement.splitlines() if " declared —" in line]
    assert sorted(listed) == sorted(f"🟠 *INC-{n}" for n in range(1, 26))


def test_a_429_is_retried_without_searching_the_channel(bot: Harness) -> None:
    """Slack did nothing with a call it answered 429, so its retry posts without looking first
    (conversations.history is for calls that may have taken effect: timeouts, 5xx)."""
    bot.fake.inject("chat.postMessage", status=429, retry_after=1, times=5)
    answers = [bot.send.command(f"declare sev2 Limited {i}", ALICE) for i in range(3)]
    assert all("is declared" in bot.reply(a, timeout=30) for a in answers)
    bot.idle(timeout=30)
    channels = [bot.fake.channel_by_name(f"inc-{n}-limited-{i}") for n in range(1, 4) for i in range(3)]
    assert [len(bot.fake.pins(c["id"])) for c in channels if c] == [1, 1, 1]
    assert bot.fake.call_count("conversations.history") == 0
