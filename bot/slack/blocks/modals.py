"""Modals: declare, post update, assign role. Titles stay within Slack's 24 characters."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.core.incidents import MAX_TITLE
from bot.core.policy import Policy
from bot.core.roles import TITLES, Role
from bot.core.text import MAX_TEXT
from bot.slack import ids
from bot.slack.blocks.kit import Block, fit, plain

# block_id / action_id pairs the submission parsers read back
TITLE, SEVERITY, SUMMARY, COMMANDER, PRIVATE = "title", "severity", "summary", "commander", "private"
SERVICES = "services"
DRILL = "drill"
UPDATE_TEXT, ROLE, USER, AREA = "update_text", "role", "user", "area"
PUBLIC = "public"


def _modal(callback_id: str, title: str, submit: str, blocks: list[Block], metadata: dict[str, Any]) -> Block:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, 24),
        "submit": plain(submit, 24),
        "close": plain("Cancel", 24),
        "blocks": blocks,
        "private_metadata": json.dumps(metadata),
    }


def _input(block_id: str, label: str, element: Block, optional: bool = False, hint: str | None = None) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": {**element, "action_id": block_id},
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def _option(text: str, value: str) -> Block:
    return {"text": plain(text), "value": value}


@dataclass(frozen=True)
class DeclareForm:
    """What the declare form starts from: the flags of `declare sev1 private`, a shortcut's message,
    an alert. No severity: the policy's default."""

    title: str = ""
    summary: str = ""
    severity: str = ""  # empty: the policy's default severity
    private: bool = False
    drill: bool = False


BLANK_FORM = DeclareForm()


def declare_modal(policy: Policy, declarer: str, metadata: dict[str, Any], form: DeclareForm = BLANK_FORM) -> Block:
    severities = [_option(f"{lvl.label} — {lvl.description}", key) for key, lvl in policy.severities.items()]
    chosen = next(o for o in severities if o["value"] == (form.severity or policy.default_severity))
    blocks = [
        _input(TITLE, "Title", _text(form.title, MAX_TITLE), hint="What is broken, in a few words customers would use"),
        _input(SEVERITY, "Severity", {"type": "static_select", "options": severities, "initial_option": chosen}),
        _input(SUMMARY, "Summary", {**_text(form.summary, MAX_TEXT), "multiline": True}, optional=True),
        _input(SERVICES, "Services affected", _text("", 500), optional=True, hint="e.g. checkout, payments-api"),
        _input(COMMANDER, "Incident commander", {"type": "users_select", "initial_user": declarer}),
        _input(PRIVATE, "Visibility", _visibility(form.private), optional=True),
        _input(DRILL, "Drill", _drill(form.drill), optional=True, hint=DRILL_HINT),
    ]
    return _modal(ids.DECLARE_MODAL, "Declare incident", "Declare", blocks, metadata)


def _text(initial: str, limit: int) -> Block:
    """A plain text input; what it starts with is cut to fit, since Slack refuses a longer one."""
    element: Block = {"type": "plain_text_input", "max_length": limit}
    if initial:
        element["initial_value"] = fit(initial, limit)
    return element


def _visibility(private: bool) -> Block:
    return _checkbox(_option("Private incident (private channel, never announced)", "private"), private)


DRILL_HINT = "Marked DRILL everywhere, pages only the people it names, left out of stats"


def _drill(drill: bool) -> Block:
    return _checkbox(_option("This is a drill (practice, not a real incident)", DRILL), drill)


def _checkbox(choice: Block, ticked: bool) -> Block:
    element: Block = {"type": "checkboxes", "options": [choice]}
    if ticked:
        element["initial_options"] = [choice]
    return element


def update_modal(ref: str, metadata: dict[str, Any], public_choice: bool = True) -> Block:
    """`public_choice`: offer the status page checkbox (never in a private incident)."""
    text = {"type": "plain_text_input", "multiline": True, "max_length": MAX_TEXT}
    hint = "What changed, current status, what happens next and when the next update is"
    blocks = [_input(UPDATE_TEXT, "Update", text, hint=hint)]
    if public_choice:
        page = {"type": "checkboxes", "options": [_option("Also post on the public status page", PUBLIC)]}
        hint = "Anyone can read it: no names or internal details"
        blocks.append(_input(PUBLIC, "Status page", page, optional=True, hint=hint))
    return _modal(ids.UPDATE_MODAL, f"Update {ref}", "Post update", blocks, metadata)


def role_modal(ref: str, metadata: dict[str, Any]) -> Block:
    options = [_option(TITLES[r], r.value) for r in Role]
    blocks = [
        _input(ROLE, "Role", {"type": "static_select", "options": options}),
        _input(USER, "Person", {"type": "users_select"}),
        _input(
            AREA, "Area (for subject-matter experts)", {"type": "plain_text_input", "max_length": 200}, optional=True
        ),
    ]
    return _modal(ids.ROLE_MODAL, f"Assign role · {ref}", "Assign", blocks, metadata)


def values(view: dict[str, Any]) -> dict[str, Any]:
    """Flatten `view.state.values` to {block_id: value} for the inputs these modals use."""
    out: dict[str, Any] = {}
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        for state in actions.values():
            out[block_id] = _value(state)
    return out


def _value(state: dict[str, Any]) -> Any:
    kind = state.get("type")
    if kind == "static_select":
        return (state.get("selected_option") or {}).get("value")
    if kind == "users_select":
        return state.get("selected_user")
    if kind == "checkboxes":
        return [o["value"] for o in state.get("selected_options") or []]
    return state.get("value")
