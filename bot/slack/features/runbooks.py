"""Runbooks: `/incident runbook` lists those the policy's folder holds, `/incident runbook <name>`
attaches one (posted in the channel as a checklist), and ticking a box there records the step."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.core.errors import IllegalTransition, InvalidInput
from bot.core.policy.runbook_files import STEPS_PER_GROUP
from bot.core.runbooks import attaching, ticks, views
from bot.core.runbooks.views import ChecklistView
from bot.slack import ids
from bot.slack.blocks import runbooks as blocks
from bot.slack.command import Invocation, Subcommand
from bot.slack.interactions import clicked_incident, request_key, write_once
from bot.slack.mrkdwn import escape
from bot.slack.parsing import plain_text
from bot.slack.replies import Reply, acked
from bot.slack.services import Services


def _runbook(inv: Invocation, args: str) -> Reply:
    if not args.strip():
        attached = {c.name for c in inv.services.desk.read(views.of_incident, inv.number)}
        return blocks.listing(inv.services.desk.policy.runbooks.books, attached)
    done = inv.write(attaching.attach_named, inv.number, plain_text(args), inv.user_id)
    if not done.new:
        return f"The runbook “{escape(done.title)}” is attached already: its checklist is in this channel."
    return f"📋 Posting the runbook “{escape(done.title)}” here as a checklist."


SUBCOMMANDS = [
    Subcommand("runbook", "runbook [name]", "attach a runbook checklist; without a name, list them", _runbook),
]


def register(app: App, services: Services) -> None:
    def tick(body: dict[str, Any]) -> Reply:
        checklist, group, shown, selected = _click(services, body)
        user = body["user"]["id"]
        try:
            write_once(services, request_key(body), ticks.change, checklist.id, group, shown, selected, user)
        except IllegalTransition:
            services.desk.run(ticks.restore, checklist.id)  # the clicker's screen shows its own tick
            raise
        return None

    app.action(ids.RUNBOOK_TICK)(acked(services, tick))


def _click(services: Services, body: dict[str, Any]) -> tuple[ChecklistView, list[int], set[int] | None, set[int]]:
    """What a click says: its checklist (if the clicker may act on it), the step ids of the group
    clicked, those the clicker's message showed ticked, and those left ticked."""
    action = body["actions"][0]
    found = blocks.group_of(action.get("block_id") or "")
    if found is None:
        raise InvalidInput("This control does not name a checklist. Use `/incident runbook`.")
    checklist = services.desk.read(views.checklist, found[0])
    clicked_incident(services, body, str(checklist.number))
    group = checklist.steps[found[1] * STEPS_PER_GROUP : (found[1] + 1) * STEPS_PER_GROUP]
    selected = {int(o["value"]) for o in action.get("selected_options") or [] if str(o.get("value")).isdigit()}
    shown = blocks.shown_ticks(body.get("message"), action["block_id"])
    return checklist, [step.id for step in group], shown, selected
