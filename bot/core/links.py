"""Which links from outside (alert annotations, Events v2 hrefs, permalinks) the bot will show.
Slack writes a link as `<url|label>`, so a URL holding `|`, `<` or `>` could end the link early and
smuggle in markup such as `<!channel>`; one that is not http(s) could be `javascript:` or `slack://`.
Such links are dropped, never repaired: the bot cannot know what the sender meant."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_URL = 2000  # longer ones are not links a person follows
SCHEMES = frozenset({"http", "https"})


def web_url(raw: object) -> str | None:
    """`raw` when it is an http(s) URL with a host and nothing that could break out of a link, else None."""
    if not isinstance(raw, str) or not 0 < len(raw) <= MAX_URL:
        return None
    if any(c in "|<>" or c.isspace() or not c.isprintable() for c in raw):
        return None
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    return raw if parts.scheme.lower() in SCHEMES and parts.hostname else None
