"""An incident's page: its facts, roles and their history, the timeline with links back into Slack
(all of it reachable, a page at a time), the updates, the action items, and the postmortem draft as
HTML and as a Markdown download."""

from __future__ import annotations

import re

import pytest

from bot.core import incidents, staffing, timeline
from bot.core.actions import changes
from bot.core.dashboard import dossier
from bot.core.roles import Role
from bot.web.dashboard import incident
from tests.support.harness import ALICE, BOB, CAROL, Harness
from tests.web.dashboard import declare, get


def test_the_page_has_the_facts_roles_timeline_updates_and_action_items(site: Harness) -> None:
    number = declare(site, "Checkout is failing", severity="sev2", services=("checkout",), summary="5xx on pay")
    desk = site.runtime.desk
    desk.run(staffing.assign, number, Role.COMMANDER, BOB, CAROL)
    desk.run(timeline.post_update, number, BOB, "Rolled back the deploy")
    desk.run(changes.add, number, ALICE, "Alert on 5xx rate", CAROL)
    site.idle()
    body = get(site, f"/incidents/{number}").body
    facts = body[body.index('id="facts"') : body.index('id="roles"')]
    assert "SEV2" in facts and "declared" in facts and "checkout" in facts and "5xx on pay" in facts
    channel = desk.read(incidents.get, number).channel_id
    assert f'href="https://fake.slack.com/archives/{channel}">#inc-{number}-checkout-is-failing' in facts
    roles = body[body.index('id="roles"') : body.index('id="timeline"')]
    assert re.search(rf"Incident commander</td><td>{ALICE}</td>.*by {CAROL}</td></tr>", roles, re.S)  # relieved
    assert re.search(rf'class="current"><td>Incident commander</td><td>{BOB}</td>', roles)
    timeline_part = body[body.index('id="timeline"') : body.index('id="updates"')]
    assert "declared the incident (SEV2): Checkout is failing" in timeline_part
    assert "Rolled back the deploy" in body[body.index('id="updates"') : body.index('id="actions"')]
    actions = body[body.index('id="actions"') : body.index('id="postmortem"')]
    assert "Alert on 5xx rate" in actions and CAROL in actions


def test_the_whole_timeline_is_reachable_a_page_at_a_time(site: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dossier, "NEWEST", 5)
    monkeypatch.setattr(incident, "TIMELINE_PAGE", 10)
    number = declare(site, "Long one")
    for n in range(14):
        site.runtime.desk.run(timeline.add_note, number, ALICE, f"note {n:02d}")
    body = get(site, f"/incidents/{number}").body
    assert re.findall(r"note \d\d", body) == [f"note {n:02d}" for n in range(9, 14)]
    assert "The newest 5 of 15 entries" in body and f'href="/incidents/{number}/timeline"' in body
    first, second = (get(site, f"/incidents/{number}/timeline?page={p}").body for p in (1, 2))
    assert "declared the incident" in first and re.findall(r"note \d\d", first)[-1] == "note 08"
    assert re.findall(r"note \d\d", second) == [f"note {n:02d}" for n in range(9, 14)]
    assert get(site, f"/incidents/{number}/timeline?page=3").status == 404


def test_a_pinned_message_links_back_to_it_in_slack(site: Harness) -> None:
    channel, _ = site.declare("sev3 Pins")
    ts = site.fake.add_message(channel, BOB, "the graph went flat")
    pin = {
        "type": "reaction_added",
        "user": BOB,
        "reaction": "pushpin",
        "item": {"type": "message", "channel": channel, "ts": ts},
    }
    site.send.event(pin)
    number = site.runtime.desk.read(incidents.by_channel, channel).number
    body = site.fake.wait_for(lambda: (b := get(site, f"/incidents/{number}").body) and "(pinned)" in b and b)
    assert re.search(
        rf'the graph went flat <a href="https://fake.slack.com/archives/{channel}/p\d+">in Slack</a>', body
    )


def test_the_draft_as_html_and_as_a_markdown_download(site: Harness) -> None:
    number = declare(site, "Draft <em>me</em>")
    page = get(site, f"/incidents/{number}/postmortem")
    assert page.status == 200 and re.search(r"<h1>.*INC-\d+.*</h1>", page.body)
    assert "&lt;em&gt;me&lt;/em&gt;" in page.body and "<em>me</em>" not in page.body
    download = get(site, f"/incidents/{number}/postmortem.md")
    assert download.headers["Content-Type"].startswith("text/markdown")
    assert download.headers["Content-Disposition"] == f'attachment; filename="INC-{number}-postmortem.md"'
    assert download.body.startswith("# ") and "Draft" in download.body


def test_an_incident_that_does_not_exist_is_a_404(site: Harness) -> None:
    assert get(site, "/incidents/999").status == 404
