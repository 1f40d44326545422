"""Text people type: form fields are plain text, kept exactly and shown literally; control and
invisible characters are cleaned the same way on both databases before anything is acknowledged."""

from __future__ import annotations

from sqlalchemy import text

from bot.slack import ids
from tests.support.harness import ALICE, Harness
from tests.support.signing import checkboxes, select, text_input, user_select

TYPED = "p99 < 200ms and > 50ms, see <https://x.io|docs> & <!here>"
SHOWN = "p99 &lt; 200ms and &gt; 50ms, see &lt;https://x.io|docs&gt; &amp; &lt;!here&gt;"


def _stored(bot: Harness, sql: str) -> list[str]:
    with bot.runtime.engine.connect() as connection:
        return [row[0] for row in connection.execute(text(sql))]


def _view(bot: Harness, callback_id: str) -> dict:
    return bot.fake.wait_for(
        lambda: next((v for v in bot.fake.views.values() if v.get("callback_id") == callback_id), None)
    )


def _declare_form(title: str, summary: str | None) -> dict:
    return {
        "title": text_input(title),
        "severity": select("sev2"),
        "summary": text_input(summary),
        "commander": user_select(ALICE),
        "private": checkboxes(),
    }


def test_the_update_form_keeps_what_was_typed_and_shows_it_literally(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Slow dashboards")
    bot.send.click(ids.POST_UPDATE, "1", ALICE, channel)
    bot.send.submit(_view(bot, ids.UPDATE_MODAL), {"update_text": text_input(TYPED)}, ALICE)
    assert SHOWN in bot.wait_line(channel, "p99")
    assert SHOWN in bot.fake.wait_for(lambda: [line for line in bot.lines(bot.announce) if "p99" in line])[0]
    assert _stored(bot, "SELECT text FROM timelineevent WHERE kind = 'update'") == [TYPED]


def test_the_declare_form_keeps_title_and_summary_as_typed(bot: Harness) -> None:
    bot.send.command("declare", ALICE)
    title = "p99 < 200ms and > 50ms <https://x.io|docs>"
    bot.send.submit(_view(bot, ids.DECLARE_MODAL), _declare_form(title, TYPED), ALICE)
    channel = bot.fake.wait_for(lambda: bot.fake.channel_by_name("inc-1-p99-200ms-and-50ms-https-x-io-docs"))["id"]
    bot.fake.wait_for(lambda: bot.fake.pins(channel))
    card = bot.card(channel)
    assert f"INC-1 · {title}" in card  # the header is plain text
    assert SHOWN in card  # the summary is mrkdwn: escaped, links and pings nobody
    announcement = bot.fake.wait_for(lambda: bot.lines(bot.announce))[0]
    assert "p99 &lt; 200ms and &gt; 50ms &lt;https://x.io|docs&gt;" in announcement
    assert _stored(bot, "SELECT title FROM incident") == [title]
    assert _stored(bot, "SELECT summary FROM incident") == [TYPED]


def test_the_declare_form_refuses_invisible_titles_and_long_summaries_in_the_form(bot: Harness) -> None:
    bot.send.command("declare", ALICE)
    view = _view(bot, ids.DECLARE_MODAL)
    refused = bot.send.submit(view, _declare_form("\u200b\u200b\u200b", "x" * 2501), ALICE).json()
    assert refused["response_action"] == "errors"
    assert "needs a title" in refused["errors"]["title"]
    assert "2501 characters" in refused["errors"]["summary"]
    bot.idle()
    assert bot.fake.call_count("conversations.create") == 0


def test_nul_and_invisible_characters_are_cleaned_before_the_ack_on_every_database(bot: Harness) -> None:
    answer = bot.send.command("declare sev2 DB\x00 down\u200b", ALICE)
    assert answer.text == "Declaring “DB down” (SEV2, public)…"
    bot.fake.wait_for(lambda: bot.fake.call_count("conversations.create"))  # INC-1 is taken before INC-2
    channel, _ = bot.declare("sev3 Search\x00 slow")
    bot.wait_card(channel, "INC-2 · Search slow")
    commands = [
        "note freed\x00 WAL",
        "update rolled\x00 back",
        "impact EU\x00 checkout",
        "rename Search\x00 very slow",
        "sme <@U0BOB|bob> elastic\x00search",
    ]
    answers = [bot.send.command(command, ALICE, channel) for command in commands]
    bot.wait_card(channel, "Search very slow")
    bot.idle()  # commands run concurrently after their acks: resolve only once the others are in
    answers.append(bot.send.command("resolve fixed\x00 index", ALICE, channel))
    bot.wait_card(channel, "fixed index")
    bot.idle()
    assert bot.reply(answers[0]) == "📝 Added to the timeline."
    assert all("⚠️" not in reply for a in answers for reply in bot.replies(a))
    stored = _stored(bot, "SELECT text FROM timelineevent") + _stored(bot, "SELECT area FROM roleassignment")
    stored += _stored(bot, "SELECT title || coalesce(impact, '') || coalesce(resolution, '') FROM incident")
    assert "freed WAL" in stored and "rolled back" in stored and "elasticsearch" in stored
    assert "DB down" in stored and "Search very slowEU checkoutfixed index" in stored
    assert not [s for s in stored if s and "\x00" in s]


def test_empty_looking_notes_are_refused_in_the_ack(bot: Harness) -> None:
    channel, _ = bot.declare("Disk full")
    refused = bot.send.command("note \u200b\u200d\x00", ALICE, channel)
    assert "The note is missing" in refused.text
    bot.idle()
    assert _stored(bot, "SELECT text FROM timelineevent WHERE kind = 'note'") == []
