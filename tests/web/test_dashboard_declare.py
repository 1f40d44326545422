"""The declare form: the incident has its number at once, even with Slack down; the form sent twice
declares once; when Slack answers again the channel, card and announcement appear, once each, and
the timeline says the declare came from the web."""

from __future__ import annotations

import re

from tests.support.harness import ALICE, Harness
from tests.web.dashboard import get


def _form(site: Harness) -> dict[str, str]:
    body = get(site, "/declare").body
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
