"""The status page over time: the Atom feed's entries, the 90 days of history, and the cache that
keeps readers off the database."""

from __future__ import annotations

import json

from tests.support.status_page import ATOM, Reader, feed_texts, reader

__all__ = ["reader"]  # the fixture
RESOLVED = "This incident has been resolved."


def _resolved_incident(reader: Reader) -> str:
    channel, _ = reader.bot.declare("sev2 Logins failing")
    reader.run("update --public Some logins fail", channel, "Some logins fail")
    reader.clock.advance(minutes=10)
    reader.run("update --public A fix is rolling out", channel, "rolling out")
    reader.clock.advance(minutes=10)
    reader.run("resolve Rolled back the auth change", channel, "resolved")
    return channel


def test_the_feed_is_atom_with_one_entry_per_public_update_and_resolve_newest_first(reader: Reader) -> None:
    _resolved_incident(reader)

    _, data, feed = reader.all()

    assert feed.tag == f"{ATOM}feed"
    for needed in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert feed.findtext(ATOM + needed), needed
    entries = list(feed.iter(f"{ATOM}entry"))
    assert feed_texts(feed) == [RESOLVED, "A fix is rolling out", "Some logins fail"]
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Resolved: Logins failing", *["Logins failing"] * 2]
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True) and feed.findtext(f"{ATOM}updated") == updated[0]
    assert updated[0] == data["history"][0]["resolved_at"]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 3 and all(i.startswith("urn:uuid:") for i in ids)
    links = {e.find(f"{ATOM}link").get("href") for e in entries}  # type: ignore[union-attr]
    assert links == {f"/status#incident-{data['history'][0]['id']}"}  # relative: no PUBLIC_URL
    assert [e.findtext(f"{ATOM}id") for e in reader.all()[2].iter(f"{ATOM}entry")] == ids  # stable


def test_history_keeps_resolved_incidents_for_90_days(reader: Reader) -> None:
    _resolved_incident(reader)
    reader.clock.advance(days=89)

    html, data, _ = reader.all()

    assert "All systems operational" in html and "Logins failing" in html and "Resolved" in html
    (incident,) = data["history"]
    assert (incident["status"], data["incidents"]) == ("resolved", [])
    assert [u["text"] for u in incident["updates"]] == ["A fix is rolling out", "Some logins fail"]
    reader.clock.advance(days=2)

    html, data, feed = reader.all()

    assert "Logins failing" not in html and "No incidents in the last 90 days" in html
    assert data["history"] == [] and feed_texts(feed) == []


def test_answers_are_cached_for_a_few_seconds_and_say_so(reader: Reader) -> None:
    channel, _ = reader.bot.declare("sev3 Search slow")
    before = json.loads(reader.fresh("/status.json"))
    reader.run("update --public Searches take a few seconds", channel, "a few seconds")

    headers, cached = reader.get("/status.json")

    assert json.loads(cached) == before and headers["Cache-Control"] == "public, max-age=5"
    assert reader.get("/status")[0]["Cache-Control"] == "public, max-age=5"
    assert [i["title"] for i in json.loads(reader.fresh("/status.json"))["incidents"]] == ["Search slow"]
