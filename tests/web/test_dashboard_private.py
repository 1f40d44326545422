"""Private incidents on the dashboard: shown to members of their channel only. Anyone else never
sees them listed or counted, and their page is a 404 as for a number that does not exist. When
Slack cannot say who is in which channel, they are hidden, with a note."""

from __future__ import annotations

import re

from bot.core import incidents
from tests.support.harness import ALICE, BOB, Harness
from tests.web.dashboard import declare, get


def _counted(site: Harness, user: str) -> int:
    body = get(site, "/overview", user).body
    return sum(int(n) for n in re.findall(r"<tr><td>[\d-]+</td>(?:<td>\d+</td>){4}<td>(\d+)</td>", body))


def test_a_private_incident_is_for_members_of_its_channel_only(site: Harness) -> None:
    public = declare(site, "Public one")
    secret = declare(site, "Secret acquisition leak", private=True)
    site.idle()
    assert site.runtime.desk.read(incidents.get, secret).channel_id  # its private channel exists, Alice in it
    assert "Secret acquisition" in get(site, "/", ALICE).body and get(site, f"/incidents/{secret}", ALICE).status == 200
    assert _counted(site, ALICE) == 2
    outsider = get(site, "/", BOB).body
    assert "Secret acquisition" not in outsider and f"INC-{public}" in outsider
    for path in (f"/incidents/{secret}", f"/incidents/{secret}/timeline", f"/incidents/{secret}/postmortem.md"):
        page = get(site, path, BOB)
        assert page.status == 404 and "Secret" not in page.body
    assert _counted(site, BOB) == 1
    assert get(site, "/?q=secret", BOB).body.count('href="/incidents/') == 0


def test_when_slack_cannot_say_private_incidents_are_hidden_with_a_note(site: Harness) -> None:
    secret = declare(site, "Secret", private=True)
    site.idle()
    site.fake.inject("users.conversations", error="internal_error", times=5)
    page = get(site, "/", ALICE)
    assert "private incidents are hidden for now" in page.body and "Secret" not in page.body
    assert get(site, f"/incidents/{secret}", ALICE).status == 404
