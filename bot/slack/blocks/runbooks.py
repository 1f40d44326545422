"""The runbook checklist message: a heading with the progress, then the steps as Block Kit
checkboxes in groups of ten (Slack's limit per element), each group followed by a line of its
steps' links and who ticked what, so everyone in the channel sees who did what."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from bot.core.policy.runbook_files import STEPS_PER_GROUP, Runbook
from bot.core.runbooks.views import ChecklistView, StepView
from bot.slack import ids
from bot.slack.blocks.card import date
from bot.slack.blocks.kit import Block, mention, section
from bot.slack.mrkdwn import escape, link

_GROUP_ID = re.compile(r"runbook-([0-9]{1,9})-([0-9]{1,3})-v[0-9]+")


def message_key(runbook_id: int) -> str:
    """The first block's id: marks the message, so a retried post finds an earlier one."""
    return f"runbook-{runbook_id}"


def group_of(block_id: str) -> tuple[int, int] | None:
    """(runbook id, group index) from a checkbox group's block id; None if it is not one."""
    found = _GROUP_ID.fullmatch(block_id)
    return (int(found.group(1)), int(found.group(2))) if found else None


def checklist(view: ChecklistView) -> list[Block]:
    heading = f"📋 *Runbook: {escape(view.title)}* — {view.done} of {len(view.steps)} done"
    blocks = [section(heading, block_id=message_key(view.id))]
    for start in range(0, len(view.steps), STEPS_PER_GROUP):
        blocks += _group(view, start // STEPS_PER_GROUP, view.steps[start : start + STEPS_PER_GROUP])
    return blocks


def checklist_text(view: ChecklistView) -> str:
    return f"Runbook: {escape(view.title)} ({view.done} of {len(view.steps)} done)"


def _group(view: ChecklistView, index: int, steps: tuple[StepView, ...]) -> list[Block]:
    """Block ids carry the version: a Slack client keeps a checkbox's own state across chat.update
    unless the block is new, and would then show a tick someone else has since taken back."""
    options = [_option(step) for step in steps]
    element: Block = {"type": "checkboxes", "action_id": ids.RUNBOOK_TICK, "options": options}
    if ticked := [option for option, step in zip(options, steps, strict=True) if step.done]:
        element["initial_options"] = ticked
    blocks = [{"type": "actions", "block_id": f"runbook-{view.id}-{index}-v{view.version}", "elements": [element]}]
    notes = [{"type": "mrkdwn", "text": note} for step in steps if (note := _note(step))]
    return blocks + ([{"type": "context", "elements": notes}] if notes else [])


def _option(step: StepView) -> Block:
    """Plain text: a step shows exactly as written, and no runbook can ping the channel."""
    return {"text": {"type": "plain_text", "text": step.text, "emoji": True}, "value": str(step.id)}


def _note(step: StepView) -> str | None:
    parts = [p for p in (link(step.link, "link") if step.link else None, _who(step)) if p]
    return f"*{step.position + 1}.* " + " · ".join(parts) if parts else None


def _who(step: StepView) -> str | None:
    if step.changed_at is None:
        return None
    verb = "✅" if step.done else "unticked by"
    return f"{verb} {mention(step.changed_by)} {date(step.changed_at)}"


def shown_ticks(message: Mapping | None, block_id: str) -> set[int] | None:
    """The step ids the message a click came from showed ticked in that group: None when the
    click carries no message (the stored state stands in)."""
    for block in (message or {}).get("blocks") or []:
        if block.get("block_id") == block_id:
            element = (block.get("elements") or [{}])[0]
            return {int(o["value"]) for o in element.get("initial_options") or [] if str(o.get("value")).isdigit()}
    return None


def listing(books: Mapping[str, Runbook], attached: Collection[str]) -> str:
    if not books:
        return "No runbooks are configured: the policy's `[runbooks] dir` names their folder (README → Runbooks)."
    lines = [
        f"• `{escape(b.name)}` — {escape(b.title)} ({len(b.steps)} steps)" + _here(b, attached) for b in books.values()
    ]
    return "*Runbooks* — `/incident runbook <name>` posts one here as a checklist:\n" + "\n".join(lines)


def _here(book: Runbook, attached: Collection[str]) -> str:
    return " ✅ attached" if book.name in attached else ""
