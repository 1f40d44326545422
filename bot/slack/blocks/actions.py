"""Action items in Block Kit: the ephemeral lists with their Done and Reassign controls, the DM
when one falls due, and the weekly digest of overdue ones. People's text is escaped; a private
incident's items are counted, never named, where people outside it may read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.core.actions.items import ActionItemView
from bot.core.views import IncidentView
from bot.slack import ids
from bot.slack.blocks.kit import SECTION_LIMIT, Block, as_many_as_fit, button, context, mention, plain, section
from bot.slack.mrkdwn import escape

MAX_BLOCKS = 50  # Slack's limit for a message
USAGE = "/incident action <text> [@owner] [due YYYY-MM-DD]"


def block_id(item: ActionItemView) -> str:
    """The id of an item's controls: the Reassign menu has no value, so the item travels here."""
    return f"action-{item.id}"


def item_id(block: str) -> str:
    return block.removeprefix("action-")


def line(item: ActionItemView, today: date, where: bool = False) -> str:
    """`⬜ *A-12* text — @bob · due 2026-12-10 (overdue)`, and with `where` the incident it came from."""
    origin = f" · INC-{item.number} {escape(item.title)}" if where else ""
    if not item.is_open:
        by = f" by {mention(item.done_by)}" if item.done_by else ""
        return f"☑️ ~{item.ref}~ {escape(item.text)} — done{by}{origin}"
    owner = mention(item.owner) if item.owner else "_no owner_"
    return f"⬜ *{item.ref}* {escape(item.text)} — {owner}{_due(item, today)}{origin}"


def _due(item: ActionItemView, today: date) -> str:
    if item.due is None:
        return ""
    late = " *(overdue)*" if item.due < today else " (due today)" if item.due == today else ""
    return f" · due {item.due.isoformat()}{late}"


def controls(item: ActionItemView) -> Block:
    reassign = {"type": "users_select", "action_id": ids.ACTION_REASSIGN, "placeholder": plain("Reassign…")}
    return {
        "type": "actions",
        "block_id": block_id(item),
        "elements": [button("Done", ids.ACTION_DONE, str(item.id), "primary"), reassign],
    }


def listing(heading: str, items: Sequence[ActionItemView], today: date, where: bool = False) -> list[Block]:
    """The heading, then each item (an open one with its controls) while they fit one message."""
    blocks = [section(heading)]
    if not items:
        return [*blocks, context(f"None. Add one with `{USAGE}` in the incident's channel.")]
    shown = 0
    for item in items:
        more = [section(line(item, today, where))] + ([controls(item)] if item.is_open else [])
        if len(blocks) + len(more) > MAX_BLOCKS - 1:  # one left for saying what is not shown
            break
        blocks += more
        shown += 1
    if rest := len(items) - shown:
        blocks.append(context(f"…and {rest} more not shown: mark some done to see the rest."))
    return blocks


def due_dm(item: ActionItemView, incident: IncidentView, user: str, named: bool, today: date) -> list[Block]:
    """The reminder. `named`: the person may know the incident (it is public, or they are in its channel)."""
    if not named:
        return [
            section(
                f"⏰ Action item *{item.ref}*, which you own, is due. It belongs to a private incident you "
                "are not in: ask its commander to add you to the channel."
            )
        ]
    whose = "You own it." if item.owner == user else f"It has no owner and you command {incident.ref}: hand it on."
    where = f"<#{incident.channel_id}>" if incident.channel_id else incident.ref
    text = (
        f"⏰ Action item *{item.ref}* is due{_due(item, today)}: {escape(item.text)}\n"
        f"{whose} From {incident.ref} {escape(incident.title)} ({where})."
    )
    return [section(text), controls(item)]


def digest(items: Sequence[ActionItemView], total: int, today: date) -> list[Block]:
    """Overdue items, oldest due first; a private incident's are counted only."""
    public = [i for i in items if not i.private]
    hidden = len(items) - len(public)
    heading = f"📋 *Overdue action items* — {total} open past their due date as of {today.isoformat()}"
    lines = [line(i, today, where=True) for i in public]
    body = as_many_as_fit(lines, SECTION_LIMIT, lambda n: f"…and {n} more")
    blocks = [section(heading)] + ([section(body)] if body else [])
    notes = []
    if hidden:
        notes.append(f"{hidden} of them belong to private incidents and are not named here.")
    if total > len(items):
        notes.append(f"{total - len(items)} more are not listed.")
    notes.append("See yours with `/incident actions`.")
    return [*blocks, context(" ".join(notes))]
