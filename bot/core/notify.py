"""Who sees what: for each kind of timeline event, which Slack-neutral surfaces it reaches.
The adapter's outbox handlers decide how each surface looks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Surfaces:
    line: bool = False  # one line in the incident channel
    announce: bool = False  # the announce channel (never for private incidents)
    card: bool = False  # refresh the pinned card and topic
    react: bool = False  # acknowledge a pinned message with a reaction


SURFACES: dict[str, Surfaces] = {
    "declared": Surfaces(),  # the channel set-up delivers the card and the announcement
    "acknowledged": Surfaces(line=True, card=True),
    "status": Surfaces(line=True, card=True),
    "severity": Surfaces(line=True, announce=True, card=True),
    "role_assigned": Surfaces(line=True, card=True),
    "role_relieved": Surfaces(line=True, card=True),
    "renamed": Surfaces(line=True, card=True),
    "impact": Surfaces(line=True, card=True),
    "service_added": Surfaces(line=True, card=True),
    "note": Surfaces(line=True),
    "pin": Surfaces(react=True),
    "update": Surfaces(line=True, announce=True, card=True),
    "resolved": Surfaces(line=True, announce=True, card=True),
    "reopened": Surfaces(line=True, announce=True, card=True),
    "cancelled": Surfaces(line=True, announce=True, card=True),
    "closed": Surfaces(card=True),
    "alert": Surfaces(),  # alerts joining: batched into one message a minute by the alert digest
    "paged": Surfaces(line=True),
    "handoff": Surfaces(line=True),
    "escalation_exhausted": Surfaces(line=True, announce=True),
    "action_added": Surfaces(line=True),
    "action_done": Surfaces(line=True),
    "action_reassigned": Surfaces(line=True),
    "postmortem_draft": Surfaces(),  # the uploaded file is its message
    "postmortem_done": Surfaces(line=True),
    "runbook_attached": Surfaces(card=True),  # the checklist message is its post
    "runbook_step": Surfaces(card=True),  # the checklist message, updated in place, shows who ticked what
}
