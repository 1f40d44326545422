"""The declare form: the incident has its number at once, even with Slack down; the form sent twice
declares once; when Slack answers again the channel, card and announcement appear, once each, and
the timeline says the declare came from the web."""

from __future__ import annotations

import re
from pathlib import Path

from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, BOB, Harness
from tests.support.signin import start_sign_in_bot
from tests.web.dashboard import get


def _form(site: Harness, user: str = ALICE) -> dict[str, str]:
    body = get(site, "/declare", user).body
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', body))
    return fields | {"title": "Checkout is failing", "severity": "sev2", "services": "checkout"}


def test_declared_at_once_with_slack_down_and_delivered_once_when_it_is_back(site: Harness) -> None:
    form = _form(site)
    site.fake.weather.outage.set()
    sent = get(site, "/declare", method="POST", form=form)
    again = get(site, "/declare", method="POST", form=form)  # a double click
    assert sent.status == again.status == 303
    assert sent.headers["Location"] == again.headers["Location"]
    number = int(sent.headers["Location"].rsplit("/", 1)[1])
    page = get(site, f"/incidents/{number}").body
    assert f"INC-{number}: Checkout is failing" in page and "not created yet" in page
    assert f"{ALICE} declared the incident (SEV2) from the dashboard: Checkout is failing" in page
    site.fake.weather.outage.clear()
    name = f"inc-{number}-checkout-is-failing"
    channel = site.fake.wait_for(lambda: site.fake.channel_by_name(name), timeout=15)["id"]
    site.fake.wait_for(lambda: site.fake.pins(channel), timeout=15)
    site.idle(15)
    assert [c for c in site.fake.channel_ids() if (site.fake.channel(c)["name"] or "").startswith(f"inc-{number}")] == [
        channel
    ]
    assert len(site.fake.pins(channel)) == 1 and ALICE in site.fake.channel(channel)["members"]
    announced = [line for line in site.lines(site.announce) if "Checkout is failing" in line]
    assert len(announced) == 1


def test_a_form_without_a_title_is_refused_and_declares_nothing(site: Harness) -> None:
    form = _form(site) | {"title": "   "}
    page = get(site, "/declare", method="POST", form=form)
    assert page.status == 400 and "The incident needs a title" in page.body
    assert 'href="/incidents/' not in get(site, "/").body


def test_the_form_keeps_the_policy_s_declare_permission(fake: FakeSlack, database_url: str, tmp_path: Path) -> None:
    """`[permissions] declare = "subteam:…"` holds on the web as in Slack: Bob, outside the group, is
    refused and nothing is declared; Alice, in it, declares."""
    fake.add_usergroup("S0RESP", [ALICE])
    policy = tmp_path / "policy.toml"
    policy.write_text('[permissions]\ndeclare = "subteam:S0RESP"\n')
    site = start_sign_in_bot(fake, database_url, policy_file=policy)
    try:
        refused = get(site, "/declare", BOB, method="POST", form=_form(site, BOB))
        assert refused.status == 403 and "Only members of the user group S0RESP may declare" in refused.body
        assert 'href="/incidents/' not in get(site, "/", BOB).body
        assert get(site, "/declare", ALICE, method="POST", form=_form(site, ALICE)).status == 303
    finally:
        site.stop()
