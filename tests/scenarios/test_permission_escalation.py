"""`[permissions]` holds more than one command deep: a "roles" rule counts only roles held before the
action, given by someone allowed to give them. Giving yourself a role, reopening and taking command
are gated (`assign_roles`, `reopen`) on every path — commands, buttons, forms — while an incident
nobody holds a role in can still be taken in hand by anyone who may declare."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text

from bot.slack import ids
from tests.scenarios.conftest import SRE
from tests.support.alerts import am_alert, am_group, post
from tests.support.harness import ALICE, BOB, CAROL, DAVE, Harness
from tests.support.signing import Answer, checkboxes, select, text_input, user_select

ROLE_HOLDERS = "Only the incident's role holders"
WHO = {"roles": ROLE_HOLDERS, f"subteam:{SRE}": f"Only members of <!subteam^{SRE}>"}
ASSIGNING = "may assign or relieve incident roles (policy `[permissions] assign_roles`)"
REOPENING = "may reopen an incident (policy `[permissions] reopen`)"
Start = Callable[..., Harness]


def _refused(bot: Harness, answer: Answer, *needles: str) -> str:
    said = bot.reply(answer)
    assert all(needle in said for needle in needles), said
    return said


def _lines(bot: Harness, channel: str, needle: str, count: int) -> None:
    """Wait for the `count`-th line saying `needle`: the card may still show the state before."""
    bot.fake.wait_for(lambda: sum(needle in line for line in bot.lines(channel)) >= count)


def _no_line(bot: Harness, channel: str, needle: str) -> None:
    bot.idle()
    assert not any(needle in line for line in bot.lines(channel)), bot.lines(channel)


def test_giving_yourself_a_role_does_not_let_you_resolve(policy_bot: Start) -> None:
    """The issue's first path. `resolve = "roles"` alone also gates role changes, and a role counts
    only while it is held."""
    bot = policy_bot('resolve = "roles"')
    channel, _ = bot.declare("sev3 Checkout errors")
    _refused(bot, bot.send.command(f"scribe <@{BOB}>", BOB, channel), ROLE_HOLDERS, ASSIGNING)
    _refused(bot, bot.send.command("resolve fixed", BOB, channel), ROLE_HOLDERS)
    _no_line(bot, channel, f"made <@{BOB}>")

    bot.send.command(f"scribe <@{BOB}>", ALICE, channel)  # given by the commander, who may give it
    bot.wait_line(channel, f"made <@{BOB}> scribe")
    bot.send.command(f"relieve <@{BOB}>", ALICE, channel)
    bot.wait_line(channel, f"relieved <@{BOB}>")
    _refused(bot, bot.send.command("resolve fixed", BOB, channel), ROLE_HOLDERS)  # no longer held

    bot.send.command(f"deputy <@{BOB}>", ALICE, channel)
    bot.wait_line(channel, f"made <@{BOB}> deputy")
    bot.send.command("resolve fixed", BOB, channel)
    bot.wait_line(channel, "INC-1 resolved")


def test_reopening_and_taking_command_does_not_let_you_close(policy_bot: Start) -> None:
    """The issue's second path: reopen, "I'll take command", resolve, close."""
    bot = policy_bot('close = "roles"')
    channel, _ = bot.declare("sev3 Checkout errors")
    bot.send.command("resolve", ALICE, channel)
    bot.wait_line(channel, "INC-1 resolved")
    assert "Closing" in bot.reply(bot.send.command("close", ALICE, channel))
    bot.wait_card(channel, "closed")

    bot.send.command("reopen", BOB, channel)  # `reopen` is "anyone" unless the file says otherwise
    bot.wait_line(channel, f"<@{BOB}> reopened the incident")
    _refused(bot, bot.send.click(ids.TAKE_COMMAND, "1", BOB, channel), ROLE_HOLDERS, ASSIGNING)
    bot.send.command("resolve", BOB, channel)
    _lines(bot, channel, "INC-1 resolved", 2)
    _refused(bot, bot.send.command("close", BOB, channel), ROLE_HOLDERS, "close an incident")
    _no_line(bot, channel, f"made <@{BOB}>")
    assert "closed" not in bot.card(channel)


def _insider(rule: str) -> str:
    return ALICE if rule == "roles" else DAVE  # ALICE declared, so she commands; DAVE is in the SRE group


def _outsiders(rule: str) -> list[str]:
    return [CAROL, BOB if rule == "roles" else ALICE]  # nobody at all; a member with no role / the commander


@pytest.mark.parametrize("rule", ["roles", f"subteam:{SRE}"])
def test_the_reopen_rule_holds_for_the_command_and_the_button(policy_bot: Start, rule: str) -> None:
    bot = policy_bot(f'reopen = "{rule}"')
    channel, _ = bot.declare("sev3 Checkout errors")
    bot.send.command("resolve", ALICE, channel)
    bot.wait_line(channel, "INC-1 resolved")
    for outsider in _outsiders(rule):
        _refused(bot, bot.send.command("reopen", outsider, channel), WHO[rule], REOPENING)
        _refused(bot, bot.send.click(ids.REOPEN, "1", outsider, channel), WHO[rule], REOPENING)
    _no_line(bot, channel, "reopened the incident")

    insider = _insider(rule)
    bot.send.click(ids.REOPEN, "1", insider, channel)
    bot.wait_line(channel, f"<@{insider}> reopened the incident")
    bot.send.command("resolve", ALICE, channel)
    _lines(bot, channel, "INC-1 resolved", 2)
    bot.send.command("reopen", insider, channel)
    _lines(bot, channel, f"<@{insider}> reopened the incident", 2)


ROLE_COMMANDS = [
    f"commander <@{CAROL}>",
    f"deputy <@{CAROL}>",
    f"scribe <@{CAROL}>",
    f"comms <@{CAROL}>",
    f"sme <@{CAROL}> database",
    f"relieve <@{ALICE}>",
    f"handoff <@{CAROL}>",
]


def _role_form(bot: Harness, channel: str, opener: str) -> dict:
    bot.send.click(ids.ASSIGN_ROLE, "1", opener, channel)
    return bot.fake.wait_for(
        lambda: next((v for v in bot.fake.views.values() if v.get("callback_id") == ids.ROLE_MODAL), None)
    )


def _role_values(role: str, user: str) -> dict:
    return {"role": select(role), "user": user_select(user), "area": text_input(None)}


@pytest.mark.parametrize("rule", ["roles", f"subteam:{SRE}"])
def test_every_way_of_changing_roles_follows_assign_roles(policy_bot: Start, rule: str) -> None:
    bot = policy_bot(f'assign_roles = "{rule}"')
    channel, _ = bot.declare("sev3 Checkout errors")  # ALICE commands: `declare` allowed that
    form = _role_form(bot, channel, _insider(rule))
    for outsider in _outsiders(rule):
        for command in ROLE_COMMANDS:
            _refused(bot, bot.send.command(command, outsider, channel), WHO[rule], ASSIGNING)
        _refused(bot, bot.send.click(ids.TAKE_COMMAND, "1", outsider, channel), WHO[rule], ASSIGNING)
        _refused(bot, bot.send.click(ids.ASSIGN_ROLE, "1", outsider, channel), WHO[rule], ASSIGNING)
    forger = _outsiders(rule)[-1]
    bot.send.submit(form, _role_values("scribe", CAROL), forger)  # a form the insider opened, sent by another
    if forger == ALICE:  # a member of the channel, so the refusal can reach her there
        bot.fake.wait_for(lambda: any(ASSIGNING in e["text"] for e in bot.fake.ephemerals if e["user"] == ALICE))
    assert len(bot.fake.views) == 1, "no form opened for someone who may not assign"
    _no_line(bot, channel, "made <@")
    assert not any("relieved" in line or "handed" in line for line in bot.lines(channel))

    bot.send.submit(form, _role_values("scribe", CAROL), _insider(rule))
    bot.wait_line(channel, f"made <@{CAROL}> scribe")
    bot.send.command(f"relieve <@{CAROL}>", _insider(rule), channel)
    bot.wait_line(channel, f"relieved <@{CAROL}>")
    bot.send.command(f"handoff <@{BOB}>", _insider(rule), channel)
    bot.wait_card(channel, f"*Commander*\n<@{BOB}>")


def _alert_incident(bot: Harness, group: str) -> str:
    """An incident an alert declared (nobody holds a role); returns its channel."""
    status, answer = post(bot, "/alerts/alertmanager", am_group([am_alert(group, "api-1")], group=group))
    assert status == 202, answer
    number = int(answer["incident"].removeprefix("INC-"))
    query = text("SELECT channel_id FROM incident WHERE number = :n")

    def stored() -> str | None:
        with bot.runtime.engine.connect() as c:
            return c.execute(query, {"n": number}).scalar_one()

    channel = bot.fake.wait_for(stored)
    bot.fake.wait_for(lambda: bot.fake.pins(channel))
    return channel


ALERTS_DECLARE = """
[alerts]
[[alerts.routes]]
match = { severity = "critical" }
action = "declare"
severity = "sev3"
"""


def test_with_nobody_in_a_role_anyone_who_may_declare_takes_command(policy_bot: Start) -> None:
    """So the rule can never lock an incident: only command, only for oneself, only by someone the
    `declare` rule allows — by the nudge's button or by the command."""
    bot = policy_bot(f'declare = "subteam:{SRE}"\nresolve = "roles"', ALERTS_DECLARE)
    first = _alert_incident(bot, "HighLatency")
    whom = f"members of <!subteam^{SRE}> may take command"
    _refused(bot, bot.send.click(ids.TAKE_COMMAND, "1", CAROL, first), ROLE_HOLDERS, ASSIGNING, whom)
    hint = "Nobody holds a role in INC-1 yet, so you may take command yourself"
    _refused(bot, bot.send.command(f"scribe <@{DAVE}>", DAVE, first), ASSIGNING, hint)
    _refused(bot, bot.send.command(f"commander <@{BOB}>", DAVE, first), ASSIGNING, hint)
    _refused(bot, bot.send.command("resolve", DAVE, first), ROLE_HOLDERS)
    _no_line(bot, first, "made <@")

    bot.send.click(ids.TAKE_COMMAND, "1", DAVE, first)
    bot.wait_line(first, f"made <@{DAVE}> incident commander")
    _refused(bot, bot.send.click(ids.TAKE_COMMAND, "1", CAROL, first), ROLE_HOLDERS)  # taken: no longer open
    bot.send.command("resolve", DAVE, first)
    bot.wait_line(first, "INC-1 resolved")

    second = _alert_incident(bot, "DiskFull")
    bot.send.command(f"commander <@{DAVE}>", DAVE, second)
    bot.wait_line(second, f"made <@{DAVE}> incident commander")
    bot.send.command("resolve", DAVE, second)
    bot.wait_line(second, "INC-2 resolved")


def _declare(bot: Harness, user: str, title: str, commander: str) -> Answer:
    """Open the declare form with the bare command and send it; the answer goes to the command."""
    seen = len(bot.fake.views)  # counted before the command: its form may open before the answer returns
    opened = bot.send.command("", user)
    form = bot.fake.wait_for(lambda: len(bot.fake.views) > seen and list(bot.fake.views.values())[-1])
    bot.send.submit(form, _declare_values(title, commander), user)
    return opened


def _declare_values(title: str, commander: str) -> dict:
    return {
        "title": text_input(title),
        "severity": select("sev3"),
        "summary": text_input(""),
        "commander": user_select(commander),
        "private": checkboxes(),
    }


def test_naming_someone_else_commander_in_the_declare_form_follows_assign_roles(policy_bot: Start) -> None:
    bot = policy_bot(f'assign_roles = "subteam:{SRE}"')
    _refused(bot, _declare(bot, ALICE, "Orders stuck", BOB), WHO[f"subteam:{SRE}"], ASSIGNING)
    bot.idle()
    assert bot.fake.call_count("conversations.create") == 0, "nothing half-applies"

    assert "<#" in bot.reply(_declare(bot, ALICE, "Orders stuck", ALICE))  # declaring makes her commander
    assert "<#" in bot.reply(_declare(bot, DAVE, "Payments slow", BOB))
    with bot.runtime.engine.connect() as c:
        held = c.execute(text("SELECT role, user_id FROM roleassignment ORDER BY id")).all()
    assert [tuple(r) for r in held] == [("commander", ALICE), ("commander", BOB)]
