"""Hostile text typed into every command and form: whatever it says, nothing the bot sends
(blocks, fallback text, answers, announcements) mentions, links or formats anything the person
did not literally write."""

from __future__ import annotations

from sqlalchemy import text

from bot.slack import ids
from tests.support.harness import ALICE, BOB, Harness
from tests.support.outgoing import assert_nothing_smuggled, rendered_texts, unexpected
from tests.support.signing import checkboxes, select, text_input, user_select

# What a person types, as Slack sends it in a slash command (`<`, `>`, `&` escaped by Slack) ...
TYPED = (
    "Pwn &lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;!subteam^S0OPS&gt; &lt;@U0DAVE&gt; "
    "&lt;https://evil.example|click&gt; *bold* _italic_ ~struck~ `code`"
)
# ... and as a form field gives it (plain text, nothing escaped).
RAW = "Pwn <!channel> <!here> <@U0DAVE> <https://evil.example|click> *bold* _italic_ ~struck~ `code`"
PEOPLE = (ALICE, BOB, "UBOT")


def _view(bot: Harness, callback_id: str) -> dict:
    return bot.fake.wait_for(
        lambda: next((v for v in bot.fake.views.values() if v.get("callback_id") == callback_id), None)
    )


def _titles(bot: Harness) -> list[str]:
    with bot.runtime.engine.connect() as c:
        return [row[0] for row in c.execute(text("SELECT title FROM incident ORDER BY number"))]


def test_hostile_text_in_every_command_pings_and_formats_nothing(bot: Harness) -> None:
    channel, declared = bot.declare(f"sev3 {TYPED}")
    answers = [declared]
    for command in ("note", "update", "impact", "rename Renamed"):
        answers.append(bot.send.command(f"{command} {TYPED}", ALICE, channel))
    bot.wait_line(channel, "renamed the incident")
    answers.append(bot.send.command(f"resolve {TYPED}", ALICE, channel))
    bot.wait_card(channel, "resolved")
    second, _ = bot.declare(f"sev4 {TYPED}", BOB)
    answers.append(bot.send.command(f"cancel {TYPED}", BOB, second))
    bot.wait_line(second, "cancelled the incident")
    bot.idle()
    assert "&lt;!channel&gt;" in bot.card(channel)  # shown, escaped
    assert all("<!channel>" in title and "*bold*" in title for title in _titles(bot))  # stored as typed
    assert len(list(rendered_texts(bot.fake))) > 20
    assert_nothing_smuggled(bot.fake, PEOPLE)
    assert unexpected([("ack", a.body) for a in answers], PEOPLE) == []  # the answers in the ack too


def test_hostile_text_in_the_declare_form_pings_and_formats_nothing(bot: Harness) -> None:
    bot.send.command("declare", ALICE)
    form = {
        "title": text_input(RAW),
        "severity": select("sev2"),
        "summary": text_input(RAW),
        "commander": user_select(ALICE),
        "private": checkboxes(),
    }
    bot.send.submit(_view(bot, ids.DECLARE_MODAL), form, ALICE)
    bot.fake.wait_for(lambda: bot.lines(bot.announce))
    bot.idle()
    assert _titles(bot) == [RAW]
    assert_nothing_smuggled(bot.fake, PEOPLE)


def test_the_fallback_text_of_the_card_and_announcement_is_escaped(bot: Harness) -> None:
    bot.declare(f"sev3 {TYPED}")
    bot.idle()
    fallbacks = [params["text"] for method, params in bot.fake.calls if method == "chat.postMessage"]
    card = next(t for t in fallbacks if t.startswith("INC-1: Pwn"))
    assert "&lt;!channel&gt;" in card and "<!channel>" not in card
    assert any(t.startswith("INC-1 declared: Pwn &lt;!channel&gt;") for t in fallbacks)
