"""Everything the bot said to Slack, checked for markup it was never asked to write. Outside text
(alerts, forms, commands) must show literally: a `<!channel>` in a summary or a `|Runbook> <!here>`
in a runbook URL must never reach Slack as a live token, in blocks or in the fallback `text` that
push notifications are built from. Scenario tests call `assert_nothing_smuggled` after pushing
hostile text through an entry point."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from tests.fakeslack import FakeSlack

# Keys whose strings Slack renders as mrkdwn (block text objects, fallbacks, topics, file comments);
# plain_text objects show every character as it is, so they are not scanned.
RENDERED = frozenset({"text", "topic", "purpose", "initial_comment"})
_TOKEN = re.compile(r"<([^<>]*)>")
_CHANNEL = re.compile(r"#[CG][A-Z0-9]+")
_BROADCAST = re.compile(r"<!(?:channel|here|everyone)(?:\|[^>]*)?>")
_DATE = re.compile(r"!date\^\d+\^[^|]*\|[^|]*")
# What a test may plant in outside text to see whether it comes out formatted.
FORMATTED = ("*bold*", "_italic_", "~struck~", "`code`")


def rendered_texts(fake: FakeSlack) -> Iterator[tuple[str, str]]:
    """(where, text) of every string the bot sent that Slack renders: Web API calls and response_url answers."""
    for method, params in fake.calls:
        for text in _strings(params):
            yield method, text
    for payload in fake.all_responses:
        for text in _strings(payload):
            yield "response_url", text


def _strings(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, dict) and value.get("type") != "plain_text":
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str) and key in RENDERED:
        yield value


def smuggled(fake: FakeSlack, people: Iterable[str] = (), urls: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Live tokens the test did not expect in anything the bot sent to Slack (see `unexpected`)."""
    return unexpected(rendered_texts(fake), people, urls)


def unexpected(texts: Iterable[tuple[str, str]], people: Iterable[str] = (), urls: Iterable[str] = ()) -> list:
    """(where, token) for each live token the test did not expect: every `<…>` must be a channel,
    a date, a mention of one of `people`, or a link to one of `urls`; and no planted formatting may show."""
    found = []
    for where, text in texts:
        found += [(where, f"<{t}>") for t in _TOKEN.findall(text) if not _expected(t, set(people), set(urls))]
        found += [(where, f) for f in FORMATTED if f in text]
    return found


def _expected(token: str, people: set[str], urls: set[str]) -> bool:
    if _CHANNEL.fullmatch(token) or _DATE.fullmatch(token):
        return True
    if token.startswith("@"):
        return token[1:] in people
    url, bar, _label = token.partition("|")
    return bool(bar) and url.replace("&amp;", "&") in urls


def broadcasts(fake: FakeSlack) -> list[tuple[str, str]]:
    """Every `<!channel>`, `<!here>` or `<!everyone>` the bot sent: it never means to send one, so
    the `fake` fixture checks this after every test."""
    return [(where, m.group()) for where, text in rendered_texts(fake) for m in _BROADCAST.finditer(text)]


def assert_nothing_smuggled(fake: FakeSlack, people: Iterable[str] = (), urls: Iterable[str] = ()) -> None:
    bad = smuggled(fake, people, urls)
    assert not bad, f"markup the bot was not asked to write reached Slack: {bad[:10]}"
