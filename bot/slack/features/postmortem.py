"""The postmortem's follow-through: `/incident postmortem` posts the draft again as a new version
beside the earlier ones, `/incident postmortem done` marks it complete and stops the reminders."""

from __future__ import annotations

from bot.core import followup, timeline
from bot.core.errors import InvalidInput
from bot.core.incidents import is_person
from bot.slack.command import Invocation, Subcommand, validates
from bot.slack.permits import actor
from bot.slack.replies import Reply
from bot.slack.services import Services

USAGE = "postmortem [done]"


def names(services: Services, number: int) -> dict[str, str]:
    """The full names of everyone in the incident, for a draft people read outside Slack. A declarer
    recorded by name (`incident-bot declare` without `--by U…`) is no Slack user to look up."""
    people = services.desk.read(timeline.people, number)
    return {user: services.gateway.user_name(user) for user in people if is_person(user)}


def _done(args: str) -> bool:
    word = args.strip().lower()
    if word not in ("", "done"):
        raise InvalidInput(f"Use `/incident {USAGE}`: alone to post the draft again, `done` to mark it complete.")
    return word == "done"


def _postmortem(inv: Invocation, args: str) -> Reply:
    s = inv.services
    if _done(args):
        inv.write(followup.complete, inv.number, actor(s, inv.user_id, "close"))
        return f"✅ The postmortem of INC-{inv.number} is marked complete: no more reminders."
    outcome = inv.write(followup.redraft, inv.number, inv.user_id, s.postmortems, names(s, inv.number))
    assert outcome.event is not None
    version = outcome.event.data["version"]
    return f"📝 Posting postmortem draft v{version} in the channel; the earlier drafts stay there."


SUBCOMMANDS = [
    Subcommand(
        "postmortem",
        USAGE,
        "post the postmortem draft again from the record; `done` marks it complete",
        _postmortem,
        check=validates(_done),
    ),
]
