"""The incident list: open incidents first, every filter, the title search, hostile titles escaped."""

from __future__ import annotations

import re

from bot.core import lifecycle
from tests.support.harness import ALICE, Harness
from tests.web.dashboard import declare, get


def listed(bot: Harness, query: str = "") -> list[str]:
    page = get(bot, f"/{query}")
    assert page.status == 200, page.body
    return re.findall(r'href="/incidents/\d+">(INC-\d+)</a>', page.body)


def test_open_incidents_come_first_then_the_rest_newest_first(site: Harness) -> None:
    first, second, third = (declare(site, f"Incident {n}") for n in range(3))
    site.runtime.desk.run(lifecycle.resolve, third, ALICE, "fixed")
    assert listed(site) == [f"INC-{second}", f"INC-{first}", f"INC-{third}"]


def test_each_filter_and_the_search_narrow_the_list(site: Harness) -> None:
    checkout = declare(site, "Checkout is failing", severity="sev1", services=("checkout",))
    search = declare(site, "Search is slow", severity="sev3")
    site.runtime.desk.run(lifecycle.resolve, search, ALICE, "fixed")
    declared_on = site.runtime.desk.clock.now().date().isoformat()
    assert listed(site, "?severity=sev1") == [f"INC-{checkout}"]
    assert listed(site, "?status=resolved") == [f"INC-{search}"]
    assert listed(site, "?status=open") == [f"INC-{checkout}"]
    assert listed(site, "?service=Checkout") == [f"INC-{checkout}"]
    assert listed(site, "?q=SLOW+search") == [f"INC-{search}"]
    assert listed(site, "?q=50%25") == []  # % is a character, not a wildcard
    assert listed(site, f"?since={declared_on}&until={declared_on}") == [f"INC-{checkout}", f"INC-{search}"]
    assert listed(site, "?until=2000-01-01") == []


def test_a_filter_it_cannot_read_is_refused_with_what_it_takes(site: Harness) -> None:
    page = get(site, "/?since=yesterday")
    assert page.status == 400 and "since must be a date written YYYY-MM-DD" in page.body
    assert get(site, "/?severity=sev9").status == 400


def test_a_hostile_title_is_shown_as_text(site: Harness) -> None:
    number = declare(site, '<script>alert("x")</script> & <b>bold</b>')
    for path in ("/", f"/incidents/{number}"):
        body = get(site, path).body
        assert "<script>alert" not in body and "<b>bold" not in body
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in body


def test_pages_of_fifty(site: Harness) -> None:
    for n in range(51):
        declare(site, f"Incident {n}")
    assert len(listed(site)) == 50
    assert listed(site, "?page=2") == ["INC-1"]
    assert 'rel="next" href="/?page=2"' in get(site, "/").body
