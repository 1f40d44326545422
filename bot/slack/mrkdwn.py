"""The one way outside text (alerts, forms, commands) goes into a Slack message: as mrkdwn that
shows exactly what was written and does nothing else. Every block builder and every `text`
fallback (which Slack turns into push notifications) uses `escape` for such text and `link` for
URLs, so a title of `Pwn <!channel>` or a runbook URL with `|Runbook> <!channel>` in it pings nobody.

Slack escapes only `&`, `<` and `>`; it has no escape for the formatting characters. A `*`, `_`,
`~` or backtick between two ASCII letters or digits formats nothing (`snake_case`, `2*3`) and is
kept; anywhere else it becomes a character that looks the same but means nothing to Slack, and so
does a `>` that would start a quote."""

from __future__ import annotations

import re

from bot.core.links import web_url

LOOKALIKES = {"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"}
QUOTE_MARK = "\u02c3"
# A formatting character without an ASCII letter or digit on both sides.
_LIVE_MARK = re.compile(r"(?<![A-Za-z0-9])[*_~`]|[*_~`](?![A-Za-z0-9])")
_QUOTE = re.compile(r"^([ \t]*)&gt;", re.MULTILINE)


class Mrkdwn(str):
    """Text the bot wrote as mrkdwn on purpose (a mention, a channel link): templates leave it as is."""


def escape(text: str) -> str:
    """`text` as mrkdwn that shows literally: no mention, link, date token or formatting."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _LIVE_MARK.sub(lambda m: LOOKALIKES[m.group()], escaped)
    return _QUOTE.sub(rf"\1{QUOTE_MARK}", escaped)


def link(url: object, label: str) -> str | None:
    """`<url|label>` for a real http(s) URL, else None: a link that could break out is dropped."""
    if (safe := web_url(url)) is None:
        return None
    return f"<{safe.replace('&', '&amp;')}|{escape(label) or 'link'}>"


def links(named: dict[str, str], separator: str = " · ") -> str:
    """The valid ones of name → URL, joined; the others are left out."""
    return separator.join(filter(None, (link(url, name) for name, url in named.items())))
