"""The announce channel's message for declared incidents: the first of a minute posts its own,
the ones declared within that minute are added to it (bot/core/announcements.py)."""

from __future__ import annotations

from datetime import timedelta

from bot.core import announcements
from bot.jobs.outbox_worker import Delivery, Retry
from bot.slack.blocks.kit import SECTION_LIMIT, Block, section
from bot.slack.effects.context import EffectContext
from bot.slack.effects.errors import slack_errors
from bot.slack.effects.posts import Posts

JOIN_POLL = 0.5  # seconds between looks while the window's first message is being posted


class Announcements:
    def __init__(self, context: EffectContext, posts: Posts) -> None:
        self.c, self.posts = context, posts
        self.s = context.s

    def declared(self, item: Delivery) -> None:
        """`announce_declared`: open a window with this incident's own message, or join the open one."""
        incident = self.c.incident(item)
        if not (target := self.s.announce_target(incident)):
            return
        window = self.s.settings.announce_window_seconds
        placement = self.s.desk.run(announcements.place, incident.id, target, timedelta(seconds=window))
        if placement.action == "wait":
            raise Retry("the announcement it joins is not posted yet", JOIN_POLL, counts=False, unsent=True)
        if placement.action == "post":
            assert placement.window is not None
            self.posts.announce_declared(item)  # its own message, as when it is the only one
            self.s.desk.run(announcements.posted, placement.window)

    def listed(self, item: Delivery) -> None:
        """`announce_list`: edit the window's message to list every incident that joined it."""
        found = self.s.desk.read(announcements.listing, item.payload["window"])
        if len(found.incidents) < 2:
            return
        opener = found.incidents[0]
        blocks = sections(self.s.messages.declared_list(found.incidents))
        blocks[0] = {**blocks[0], "block_id": f"declared-{opener.number}"}  # the mark post_once looks for
        text = f"{len(found.incidents)} incidents declared: " + ", ".join(i.ref for i in found.incidents)
        with slack_errors():
            self.c.client.chat_update(channel=found.channel, ts=found.ts, blocks=blocks, text=text)


def sections(text: str) -> list[Block]:
    """Whole lines in sections of at most SECTION_LIMIT characters (a section's limit)."""
    chunks: list[str] = []
    for line in text.splitlines():
        if chunks and len(chunks[-1]) + 1 + len(line) <= SECTION_LIMIT:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line[:SECTION_LIMIT])
    return [section(chunk) for chunk in chunks]
