"""`[permissions]` as people meet it: each action under each kind of rule, refused ephemerally with
who may do it, the same through buttons, forms and the message shortcut, and a Slack failure
while checking a group refuses rather than allows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from slack_sdk import WebClient

from bot.slack import ids
from tests.scenarios.conftest import SRE
from tests.support.harness import ALICE, BOB, CAROL, DAVE, Harness
from tests.support.signing import checkboxes, select, text_input, user_select

WHO = {"roles": "Only the incident's role holders", f"subteam:{SRE}": f"Only members of <!subteam^{SRE}>"}


def _insider(rule: str) -> str:
    return ALICE if rule == "roles" else DAVE  # ALICE declared, so she is commander; DAVE is in S0SRE


def _refused(bot: Harness, text: str, user: str, channel: str, rule: str) -> None:
    said = bot.reply(bot.send.command(text, user, channel))
    assert WHO[rule] in said, said


ACTIONS = {
    # action: (command, the line it leaves in the channel when it is allowed)
    "change_severity": ("severity sev1", "changed severity SEV3 → SEV1"),
    "resolve": ("resolve fixed", "INC-1 resolved"),
    "close": ("close", "Closing"),
}


@pytest.mark.parametrize("rule", ["roles", f"subteam:{SRE}"])
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_is_refused_to_outsiders_and_done_for_insiders(
    policy_bot: Callable[[str], Harness], action: str, rule: str
) -> None:
    bot = policy_bot(f'{action} = "{rule}"')
    channel, _ = bot.declare("sev3 Checkout errors")
    if action == "close":
        bot.send.command("resolve", ALICE, channel)
        bot.wait_line(channel, "INC-1 resolved")
    command, done = ACTIONS[action]
    _refused(bot, command, CAROL, channel, rule)
    outsider = ALICE if rule != "roles" else BOB  # the commander outside the group; a member with no role
    _refused(bot, command, outsider, channel, rule)
    answer = bot.send.command(command, _insider(rule), channel)
    if action == "close":
        assert done in bot.reply(answer)
        bot.wait_card(channel, "closed")
    else:
        bot.wait_line(channel, done)


def test_status_resolved_cancel_and_the_resolve_buttons_need_the_resolve_right(
    policy_bot: Callable[[str], Harness],
) -> None:
    bot = policy_bot('resolve = "roles"')
    channel, _ = bot.declare("sev3 Checkout errors")
    _refused(bot, "status resolved", BOB, channel, "roles")
    _refused(bot, "cancel false alarm", BOB, channel, "roles")
    assert WHO["roles"] in bot.reply(bot.send.click(ids.RESOLVE, "1", BOB, channel))
    assert WHO["roles"] in bot.reply(bot.send.click(ids.CONFIRM_CANCEL, "oops", BOB, channel))
    bot.send.command("status monitoring", BOB, channel)  # other statuses stay open to all
    bot.wait_line(channel, "set status to monitoring")
    bot.idle()
    assert not any("resolved" in line or "cancel" in line for line in bot.lines(channel))
    bot.send.click(ids.RESOLVE, "1", ALICE, channel)
    bot.wait_line(channel, "INC-1 resolved")


def _form(bot: Harness) -> dict:
    return bot.fake.wait_for(
        lambda: next((v for v in bot.fake.views.values() if v.get("callback_id") == ids.DECLARE_MODAL), None)
    )


def _values(title: str) -> dict:
    return {
        "title": text_input(title),
        "severity": select("sev2"),
        "summary": text_input(""),
        "commander": user_select(None),
        "private": checkboxes(),
    }


def test_declaring_by_command_form_and_shortcut_follows_the_declare_rule(policy_bot: Callable[[str], Harness]) -> None:
    bot = policy_bot(f'declare = "subteam:{SRE}"')
    who = WHO[f"subteam:{SRE}"]
    assert who in bot.reply(bot.send.command("declare sev2 Checkout errors", ALICE))
    assert who in bot.reply(bot.send.command("", ALICE)), "the bare command does not open the form"
    client = WebClient(base_url=bot.fake.api_url, token="xoxb-test")
    posted = client.chat_postMessage(channel=bot.general, text="Orders stuck")
    message = {"ts": posted["ts"], "user": BOB, "text": "Orders stuck", "type": "message"}
    assert who in bot.reply(bot.send.shortcut(ids.DECLARE_SHORTCUT, message, bot.general, ALICE))
    assert not bot.fake.views, "no form was opened for someone who may not declare"

    opened = bot.send.command("", DAVE)
    bot.send.submit(_form(bot), _values("Forwarded form"), ALICE)  # a form opened by DAVE, sent by ALICE
    assert who in bot.reply(opened)
    bot.idle()
    assert bot.fake.call_count("conversations.create") == 0

    channel, _ = bot.declare("sev2 Checkout errors", user=DAVE)
    assert bot.fake.channel(channel)["name"] == "inc-1-checkout-errors"


def test_a_group_check_that_slack_fails_refuses_and_a_member_list_is_reused(
    policy_bot: Callable[[str], Harness],
) -> None:
    bot = policy_bot(f'change_severity = "subteam:{SRE}"')
    channel, _ = bot.declare("sev3 Checkout errors")
    bot.fake.inject("usergroups.users.list", status=503, times=10)
    said = bot.reply(bot.send.command("severity sev1", DAVE, channel))
    assert "couldn't check whether you may change" in said and "try again" in said
    bot.fake.reset_faults()
    before = bot.fake.call_count("usergroups.users.list")
    bot.send.command("severity sev2", DAVE, channel)
    bot.wait_line(channel, "changed severity SEV3 → SEV2")
    bot.send.command("severity sev1", DAVE, channel)
    bot.wait_line(channel, "changed severity SEV2 → SEV1")
    _refused(bot, "severity sev4", CAROL, channel, f"subteam:{SRE}")
    assert bot.fake.call_count("usergroups.users.list") - before == 1, "members are fetched once, then reused"
