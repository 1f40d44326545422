"""Nudges in the incident channel and the page sent by DM: short, one mention, the button that
acts on it, and how to make it stop."""

from __future__ import annotations

from bot.core.policy import format_duration
from bot.core.status import Status
from bot.core.views import IncidentView
from bot.slack import ids
from bot.slack.blocks.kit import Block, button, context, mention, plain, section
from bot.slack.mrkdwn import escape

SNOOZE_MINUTES = (15, 30, 60)


def update_nudge(incident: IncidentView) -> list[Block]:
    comms = incident.holder("comms")
    person = comms.user_id if comms else incident.commander
    who = mention(person) if person else "Team"
    every = incident.level.update_every
    cadence = f" ({incident.level.label}: every {format_duration(every)})" if every else ""
    snooze = {
        "type": "static_select",
        "action_id": ids.SNOOZE,
        "placeholder": plain("Snooze"),
        "options": [{"text": plain(f"Snooze {m} min"), "value": f"{incident.number}:{m}"} for m in SNOOZE_MINUTES],
    }
    return [
        section(f"⏰ {who}, time for a status update on {incident.ref}{cadence}."),
        {"type": "actions", "elements": [button("Post update", ids.POST_UPDATE, str(incident.number)), snooze]},
        context("Posting an update (`/incident update <text>`) resets this reminder."),
    ]


def no_commander(incident: IncidentView) -> list[Block]:
    return [
        section(f"🧭 Nobody has taken command of {incident.ref} yet. Who is leading it?"),
        {
            "type": "actions",
            "elements": [button("I'll take command", ids.TAKE_COMMAND, str(incident.number), "primary")],
        },
        context("This asks once. `/incident commander @person` names someone else."),
    ]


def commander_silent(incident: IncidentView, commander: str) -> list[Block]:
    quiet = format_duration(incident.policy.nudges.commander_silent_after)
    return [
        section(
            f"👋 {mention(commander)}, nothing from you here for {quiet}. Post where things stand, or hand "
            "command over (`/incident handoff @person`) if you are heads-down debugging."
        ),
        context("Asked once; any message from you in this channel restarts the clock."),
    ]


def stuck(incident: IncidentView) -> list[Block]:
    took = format_duration(incident.policy.nudges.stuck_investigating_after)
    return [
        section(f"🔎 {incident.ref} has been investigating for {took} and nobody has been paged. Bring in help?"),
        {"type": "actions", "elements": [button("Escalate now", ids.ESCALATE_NOW, str(incident.number), "danger")]},
        context("Asked once. `/incident escalate @person` pages someone specific; a status change ends this."),
    ]


def postmortem(incident: IncidentView, commander: str | None) -> list[Block]:
    """The follow-through reminder after resolve: whose it is, what is left, and how to stop it."""
    who = mention(commander) if commander else "Team"
    every = format_duration(incident.policy.postmortem.remind_every)
    draft = (
        "Its draft is in this channel; `/incident postmortem` posts a fresh one from the record."
        if incident.status == Status.CLOSED
        else "Close it (`/incident close`) for the draft, or get one now with `/incident postmortem`."
    )
    return [
        section(f"📝 {who}, the postmortem of {incident.ref} is not marked complete yet. {draft}"),
        context(f"Reminded every {every} until someone runs `/incident postmortem done`."),
    ]


def _paged_by(level: int | None) -> str:
    return f"escalation level {level}" if level else "paged by hand"


def page_dm(incident: IncidentView, level: int | None, channel_link: str) -> list[Block]:
    why = _paged_by(level)
    return [
        section(
            f"📟 *You are paged for {incident.ref}* ({incident.level.label}, {why}): {escape(incident.title)}\n"
            f"Join {channel_link} and acknowledge there with `/incident ack`."
        ),
        context(f"{incident.level.label}: {incident.level.description}"),
    ]


def page_dm_unnamed(incident: IncidentView, level: int | None) -> list[Block]:
    """A page to someone Slack would not let into a private incident's channel: urgent enough to
    act on, yet no title, number or channel, and the commander to ask for a way in."""
    why = _paged_by(level)
    ask = f"Ask {mention(incident.commander)} to add you" if incident.commander else "Ask the incident team to add you"
    return [
        section(
            f"📟 *You are paged for a private {incident.level.label} incident* ({why}), but I couldn't add you "
            f"to its channel. {ask}."
        )
    ]
