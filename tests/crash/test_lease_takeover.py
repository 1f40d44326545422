"""kill -9 and a restart: the new process takes back its dead predecessor's leases at once instead
of waiting them out, and the announce channel still gets one message for the minute's declares."""

from __future__ import annotations

from tests.crash.test_kill_during_delivery import announce_channel, declare_and_kill_when_posted, marked
from tests.support.harness import ALICE, blocks_text
from tests.support.process import BotProcess


def test_a_restart_takes_back_the_dead_process_lease_at_once(bot_process: BotProcess) -> None:
    fake = bot_process.fake
    channel = declare_and_kill_when_posted(bot_process, None, "card-1")

    bot_process.start()
    fake.wait_for(lambda: fake.pins(channel), timeout=20)
    assert "took back 1 outbox item(s)" in bot_process.output  # not waited out: the lease was ours
    assert len(marked(bot_process, channel, "card-1")) == 1


def test_declares_around_a_crash_share_one_announcement(bot_process: BotProcess) -> None:
    fake = bot_process.fake
    announce = announce_channel(bot_process)
    declare_and_kill_when_posted(bot_process, announce, "declared-1")

    bot_process.start()
    for n in range(2, 6):
        assert bot_process.send.command(f"declare sev2 After crash {n}", ALICE).status == 200

    def listed() -> list[str]:
        return [line for m in fake.messages(announce) for line in blocks_text(m["blocks"]).splitlines()]

    fake.wait_for(lambda: sum(" declared —" in line for line in listed()) == 5, timeout=30)
    assert len(fake.messages(announce)) == 1
    assert sorted(line.split(" declared")[0] for line in listed() if " declared —" in line) == sorted(
        f"🟠 *INC-{n}" for n in range(1, 6)
    )
