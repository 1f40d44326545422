"""The public status page as an anonymous reader sees it, through the running bot: incidents made
public by `/incident update --public` or the update modal's checkbox, and nothing else of them."""

from __future__ import annotations

import json
from xml.etree import ElementTree

from bot.slack import ids
from tests.support.harness import ALICE, BOB, CAROL, Harness
from tests.support.signin import Visitor
from tests.support.signing import checkboxes, text_input
from tests.support.status_page import ATOM, Reader, feed_texts, reader

__all__ = ["reader"]  # the fixture


def _modal(bot: Harness, channel: str, number: int) -> dict:
    bot.send.click(ids.POST_UPDATE, str(number), ALICE, channel)
    title = f"Update INC-{number}"
    return bot.fake.wait_for(lambda: next((v for v in bot.fake.views.values() if v["title"]["text"] == title), None))


def test_nothing_public_says_all_systems_operational(reader: Reader) -> None:
    channel, _ = reader.bot.declare("sev1 Checkout down")
    reader.run("update Internal: rolling back", channel, "rolling back")

    html, data, feed = reader.all()

    assert "All systems operational" in html and "Checkout down" not in html
    assert data["status"] == {"state": "operational", "description": "All systems operational"}
    assert (data["incidents"], data["history"]) == ([], [])
    assert [c["state"] for c in data["components"]] == ["operational"] * 3
    assert list(feed.iter(f"{ATOM}entry")) == []


def test_only_public_updates_show_and_never_people_channels_or_private_incidents(reader: Reader) -> None:
    bot = reader.bot
    channel, _ = bot.declare("sev2 Card payments failing")
    secret_channel, _ = bot.declare("sev1 private Merger data room down", user=BOB)
    reader.run(f"commander <@{CAROL}>", channel, "commander")
    reader.run("note Carol thinks db-7 is at fault", channel, "db-7")
    reader.run("update Internal: Bob is rolling back deploy 4711", channel, "deploy 4711")
    reader.run("update --public Some card payments fail; we are investigating", channel, "we are investigating")
    refused = bot.send.command("update --public Data room unavailable", BOB, secret_channel)
    assert "private" in bot.reply(refused)
    reader.run("update Internal: data room restore started", secret_channel, "restore started", user=BOB)

    html, data, feed = reader.all()

    assert "Card payments failing" in html and "Some card payments fail; we are investigating" in html
    assert [i["title"] for i in data["incidents"]] == ["Card payments failing"]
    assert [u["text"] for u in data["incidents"][0]["updates"]] == ["Some card payments fail; we are investigating"]
    assert feed_texts(feed) == ["Some card payments fail; we are investigating"]
    names = [bot.fake.channel(c)["name"] for c in (channel, secret_channel)] + [channel, secret_channel]
    people = [ALICE, BOB, CAROL, "Alice", "Bob", "Carol", "alice", "bob", "carol"]
    hidden = ["Merger", "data room", "deploy 4711", "db-7", "INC-1", "INC-2", *names, *people]
    for shown in (html, json.dumps(data), json.dumps(feed_texts(feed))):
        assert [word for word in hidden if word in shown] == []


def test_the_modal_checkbox_posts_publicly_and_is_not_offered_in_a_private_incident(reader: Reader) -> None:
    bot = reader.bot
    channel, _ = bot.declare("sev3 Search results stale")
    view = _modal(bot, channel, 1)
    assert "Also post on the public status page" in json.dumps(view["blocks"])
    values = {"update_text": text_input("Search results may be up to an hour old"), "public": checkboxes("public")}
    assert bot.send.submit(view, values, ALICE).status == 200
    bot.wait_line(channel, "up to an hour old")
    secret, _ = bot.declare("sev3 private Quiet trouble")
    assert "status page" not in json.dumps(_modal(bot, secret, 2)["blocks"])

    data = json.loads(reader.fresh("/status.json"))

    assert [(i["title"], i["status"], i["severity"]) for i in data["incidents"]] == [
        ("Search results stale", "investigating", "SEV3")
    ]
    assert data["incidents"][0]["updates"][0]["text"] == "Search results may be up to an hour old"


def test_components_take_the_worst_open_public_incident(reader: Reader) -> None:
    checkout, _ = reader.bot.declare("sev2 Checkout slow")
    search, _ = reader.bot.declare("sev1 Search down")
    reader.run("service checkout payments-api internal-db", checkout, "internal-db")
    reader.run("service search", search, "search")
    reader.run("update --public Checkout is slow for some", checkout, "slow for some")
    reader.run("update Search is down, internal only", search, "internal only")

    html, data, _ = reader.all()

    states = {c["name"]: c["state"] for c in data["components"]}
    assert states == {"Checkout": "partial_outage", "Search": "operational", "Payments API": "partial_outage"}
    assert data["status"]["state"] == "partial_outage" and data["incidents"][0]["impact"] == "partial_outage"
    assert data["incidents"][0]["components"] == ["Checkout", "Payments API"]
    assert "internal-db" not in html and "Partial outage" in html


def test_user_text_is_escaped_in_the_page_and_the_feed(reader: Reader) -> None:
    channel, _ = reader.bot.declare("sev3 &lt;script&gt;alert(1)&lt;/script&gt; &amp; checkout")
    reader.run("update --public Fixed &lt;b&gt;soon&lt;/b&gt; &amp; more", channel, "soon")

    html, data, feed = reader.all()

    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; checkout" in html
    assert "<b>soon" not in html and "Fixed &lt;b&gt;soon&lt;/b&gt; &amp; more" in html
    assert data["incidents"][0]["title"] == "<script>alert(1)</script> & checkout"
    assert feed_texts(feed) == ["Fixed <b>soon</b> & more"]  # parsed back: it was escaped in the XML


def test_a_signed_in_reader_gets_the_anonymous_page_and_links_are_under_public_url(signin_bot: Harness) -> None:
    signin_bot.fake.openid.sign_in_as(ALICE)
    visitor = Visitor(signin_bot)
    assert "Signed in as Alice Archer" in visitor.get("/").text
    channel, _ = signin_bot.declare("sev2 Checkout slow")
    assert signin_bot.send.command("update --public Looking into it", ALICE, channel).status == 200
    signin_bot.wait_line(channel, "Looking into it")

    seen = visitor.get("/status")  # the first read since the change fills the cache
    anonymous = Visitor(signin_bot).get("/status").text

    assert seen.headers.get_all("Set-Cookie") is None  # a shared cache must not pass a session on

    for page in (seen.text, anonymous):
        assert "Looking into it" in page and "Alice" not in page and "csrf_token" not in page
    feed = ElementTree.fromstring(Visitor(signin_bot).get("/status/feed.atom").text)
    public_url = f"http://127.0.0.1:{signin_bot.runtime.port}"
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert links[:2] == [f"{public_url}/status/feed.atom", f"{public_url}/status"]
    assert all(link and link.startswith(f"{public_url}/status") for link in links)
