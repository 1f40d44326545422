"""The catch-up as a latecomer sees it: `/incident summary` (joining the channel: test_catchup_on_join.py).
Time comes from a manual clock, so every age and duration is computed here by hand."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from bot.core.clock import ManualClock
from bot.store.models import ActionItem, Incident
from tests.support.catchup import T0, at, bot, clock, ephemerals_to, run, sections, summary_sections
from tests.support.harness import ALICE, BOB, CAROL, DAVE, Harness
from tests.support.outgoing import assert_nothing_smuggled

__all__ = ["bot", "clock"]  # the fixtures


def add_actions(bot: Harness, number: int, *items: tuple[str, str | None, date | None, str]) -> None:
    """Action items as the `/incident action` commands leave them (text, owner, due, status)."""
    with Session(bot.runtime.engine) as session, session.begin():
        incident_id = session.scalars(select(Incident.id).where(Incident.number == number)).one()
        for body, owner, due, status in items:
            session.add(
                ActionItem(incident_id=incident_id, text=body, owner=owner, due=due, status=status, created_at=T0)
            )


ROLES_NONE = (
    "*Roles in INC-1*\n• *Incident commander*: _unassigned_\n• *Deputy commander*: _unassigned_\n"
    "• *Scribe*: _unassigned_\n• *Communications lead*: _unassigned_\n• *Subject-matter expert*: _unassigned_"
)
# Typed into a slash command, as Slack sends it (`<`, `>`, `&` escaped), and as stored from a form.
TYPED = "Pwn &lt;!channel&gt; &lt;@U0DAVE&gt; &lt;https://evil.example|click&gt; *bold*"
RAW = "Pwn <!channel> <@U0DAVE> <https://evil.example|click> *bold*"
FOOTER = "Only you can see this. Everything so far: `/incident timeline`; again later: `/incident summary`."


def build_incident(bot: Harness, clock: ManualClock) -> str:
    """INC-1, worked for 41 minutes: three turning points, three role changes, notes and an update."""
    channel, _ = bot.declare("sev2 Checkout is failing")  # 09:00, Alice commands
    at(clock, 9, 2)
    run(bot, channel, BOB, "ack")
    at(clock, 9, 5)
    run(bot, channel, ALICE, f"sme <@{CAROL}|carol> payments db")
    at(clock, 9, 7)
    run(bot, channel, ALICE, f"scribe <@{BOB}|bob>")
    at(clock, 9, 8)
    run(bot, channel, ALICE, f"deputy <@{DAVE}|dave>")
    at(clock, 9, 12)
    run(bot, channel, BOB, "note Error rate at 40% since the 08:55 deploy")
    at(clock, 9, 15)
    run(bot, channel, ALICE, "status identified")
    at(clock, 9, 20)
    run(bot, channel, BOB, "update Rolled back the 08:55 deploy; watching error rates")
    at(clock, 9, 41)
    run(bot, channel, DAVE, "note Error rate back to 0.1%")
    add_actions(
        bot,
        1,
        ("Write the rollback runbook", None, None, "open"),
        ("Page the payments team earlier", CAROL, date(2026, 1, 9), "open"),
        ("Add an alert on checkout errors", BOB, date(2026, 1, 4), "open"),
        ("Check the deploy diff", DAVE, date(2026, 1, 5), "done"),
    )
    return channel


def test_the_summary_of_a_worked_incident(bot: Harness, clock: ManualClock) -> None:
    channel = build_incident(bot, clock)
    at(clock, 10, 5)

    got = summary_sections(bot, channel, CAROL)

    assert got == [
        "*Catch-up on INC-1* 🟠 Checkout is failing\n"
        "SEV2 · 🎯 identified · open for 1h 05m (declared 2026-01-05 09:00 UTC)",  # 09:00 → 10:05
        "*Roles in INC-1*\n"
        f"• *Incident commander*: <@{ALICE}>\n"
        f"• *Deputy commander*: <@{DAVE}>\n"
        f"• *Scribe*: <@{BOB}>\n"
        "• *Communications lead*: _unassigned_\n"
        f"• *Subject-matter expert*: <@{CAROL}> (payments db)",
        # 09:20 → 10:05
        f"*Last update* (45m ago, 2026-01-05 09:20 UTC, by <@{BOB}>):\n"
        "Rolled back the 08:55 deploy; watching error rates",
        # Three turning points, then the two newest role changes (the SME at 09:05 is older); the
        # notes and the update are newer but rank below both.
        "*Most important recent events* (UTC)\n"
        f"• `09:00` <@{ALICE}> declared the incident (SEV2): Checkout is failing\n"
        f"• `09:02` <@{BOB}> acknowledged the incident\n"
        f"• `09:07` <@{ALICE}> made <@{BOB}> scribe\n"
        f"• `09:08` <@{ALICE}> made <@{DAVE}> deputy commander\n"
        f"• `09:15` <@{ALICE}> set status to identified",
        # Soonest due first (Jan 4 is overdue on Jan 5), undated last; the done one is left out.
        "*Open action items* (3):\n"
        f"• Add an alert on checkout errors — <@{BOB}>, due 2026-01-04 (overdue)\n"
        f"• Page the payments team earlier — <@{CAROL}>, due 2026-01-09\n"
        "• Write the rollback runbook — _no owner_",
        FOOTER,
    ]


def test_turning_points_outrank_everything_and_the_newest_five_win(bot: Harness, clock: ManualClock) -> None:
    channel = build_incident(bot, clock)
    at(clock, 10, 0)
    run(bot, channel, ALICE, "severity sev1")
    at(clock, 10, 30)
    run(bot, channel, ALICE, "status monitoring")
    at(clock, 11, 0)
    run(bot, channel, ALICE, "resolve Rolled back")
    at(clock, 13, 0)

    got = summary_sections(bot, channel, CAROL)

    assert got[0].endswith("SEV1 · ✅ resolved · lasted 2h (declared 2026-01-05 09:00 UTC)")  # 09:00 → 11:00
    assert got[2].startswith(f"*Last update* (3h 40m ago, 2026-01-05 09:20 UTC, by <@{BOB}>)")  # 09:20 → 13:00
    assert got[3] == (
        "*Most important recent events* (UTC)\n"
        f"• `09:02` <@{BOB}> acknowledged the incident\n"
        f"• `09:15` <@{ALICE}> set status to identified\n"
        f"• `10:00` <@{ALICE}> changed severity SEV2 → SEV1\n"
        f"• `10:30` <@{ALICE}> set status to monitoring\n"
        f"• `11:00` <@{ALICE}> resolved the incident: Rolled back"
    )


def test_a_closed_incident_still_answers_with_how_long_it_lasted(bot: Harness, clock: ManualClock) -> None:
    channel, _ = bot.declare("sev3 Search is slow")
    at(clock, 9, 50)
    run(bot, channel, ALICE, "resolve")
    at(clock, 10, 0)
    run(bot, channel, ALICE, "close")
    clock.advance(days=2)

    got = summary_sections(bot, channel, BOB)

    assert got[0] == (
        "*Catch-up on INC-1* 🟡 Search is slow\nSEV3 · 📕 closed · lasted 50m (declared 2026-01-05 09:00 UTC)"
    )
    assert got[2] == "*Last update*: no update yet."


def test_a_fresh_incident(bot: Harness, clock: ManualClock) -> None:
    channel, _ = bot.declare("sev4 Typo on the status page")
    run(bot, channel, ALICE, f"relieve <@{ALICE}|alice>")  # 09:00: nobody holds a role
    at(clock, 9, 3)

    assert summary_sections(bot, channel, BOB) == [
        "*Catch-up on INC-1* 🔵 Typo on the status page\n"
        "SEV4 · 🚨 declared · open for 3m (declared 2026-01-05 09:00 UTC)",
        ROLES_NONE,
        "*Last update*: no update yet.",
        "*Most important recent events* (UTC)\n"
        f"• `09:00` <@{ALICE}> declared the incident (SEV4): Typo on the status page\n"
        f"• `09:00` <@{ALICE}> relieved <@{ALICE}> of commander",
        "*Open action items*: none.",
        FOOTER,
    ]


def test_hostile_text_reads_as_written_and_pings_nobody(bot: Harness, clock: ManualClock) -> None:
    channel, _ = bot.declare(f"sev3 {TYPED}")
    at(clock, 9, 1)
    run(bot, channel, ALICE, f"note {TYPED}")
    at(clock, 9, 2)
    run(bot, channel, ALICE, f"update {TYPED}")
    add_actions(bot, 1, (RAW, None, None, "open"))
    at(clock, 9, 3)
    bot.fake.add_member(channel, CAROL)
    bot.send.joined(channel, CAROL)
    joined = bot.fake.wait_for(lambda: ephemerals_to(bot, channel, CAROL))

    got = summary_sections(bot, channel, CAROL)

    assert sections(joined[0]["blocks"]) == got
    shown = "&lt;!channel&gt; &lt;@U0DAVE&gt; &lt;https://evil.example|click&gt; ∗bold∗"
    assert got[0].startswith(f"*Catch-up on INC-1* 🟡 Pwn {shown}")  # the title
    assert got[2].endswith(f"\nPwn {shown}")  # the last update
    assert f"<@{ALICE}>: Pwn {shown}" in got[3]  # the note
    assert got[4] == f"*Open action items* (1):\n• Pwn {shown} — _no owner_"
    assert_nothing_smuggled(bot.fake, people=(ALICE, CAROL))


def test_long_text_is_shortened_in_the_open_within_slacks_limits(bot: Harness, clock: ManualClock) -> None:
    channel, _ = bot.declare("sev3 " + "T" * 200)
    longest = "&amp;" * 500  # 2500 typed characters, each escaped to five
    for minute in range(1, 6):
        at(clock, 9, minute)
        run(bot, channel, ALICE, f"note {longest}")
    run(bot, channel, ALICE, f"update {longest}")
    at(clock, 9, 6)
    run(bot, channel, ALICE, "note first line\n&gt; second line")
    add_actions(bot, 1, *((f"item {n:02d} {'x' * 2490}", BOB, None, "open") for n in range(12)))
    bot.fake.add_member(channel, CAROL)
    bot.send.joined(channel, CAROL)  # chat.postEphemeral: the fake refuses blocks over Slack's limits
    joined = bot.fake.wait_for(lambda: ephemerals_to(bot, channel, CAROL))

    got = sections(joined[0]["blocks"])

    assert max(len(section) for section in got) <= 3000
    assert got[2].endswith("\n" + "&amp;" * 299 + "…")  # the update, cut at 1500 characters, between escapes
    assert got[3].endswith(f"• `09:06` <@{ALICE}>: first line ˃ second line")  # one line per event
    events = got[3].split("\n")[1:]
    assert len(events) == 5 and all(len(line) <= len("• `09:05` ") + 300 for line in events)
    assert [line.endswith("…") for line in events] == [False, True, True, True, False]  # the title fits
    actions = got[4].split("\n")
    assert actions[0] == "*Open action items* (12):"
    assert actions[1] == f"• item 00 {'x' * 191}… — <@{BOB}>"  # 200 characters with the …
    assert actions[10].startswith("• item 09 ") and actions[11] == "…and 2 more: `/incident actions`"
