"""Core snapshots built by hand, so the Block Kit tests need no database, plus a walker that
checks Slack's Block Kit limits on whatever a builder returns."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.status import Status
from bot.core.views import EventView, IncidentView, RoleHolder

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def incident(number: int = 1, **fields: Any) -> IncidentView:
    values: dict[str, Any] = {
        "id": number,
        "number": number,
        "title": "Checkout is failing",
        "severity": "sev2",
        "status": Status.DECLARED,
        "private": False,
        "summary": None,
        "impact": None,
        "resolution": None,
        "declared_by": "U0ALICE",
        "declared_at": START,
        "acknowledged_at": None,
        "acknowledged_by": None,
        "identified_at": None,
        "mitigated_at": None,
        "resolved_at": None,
        "closed_at": None,
        "cancelled_at": None,
        "last_update_at": None,
        "source_permalink": None,
        "channel_id": "C0INC1",
        "channel_name": "inc-1-checkout-is-failing",
        "card_ts": None,
        "roles": (holder("commander", "U0ALICE"),),
    }
    values.update(fields)
    return IncidentView(**values)


def holder(role: str, user_id: str, area: str | None = None) -> RoleHolder:
    return RoleHolder(role, user_id, area, START, "U0ALICE")


def event(at: datetime, kind: str = "note", text: str = "", actor: str | None = "U0BOB", **data: Any) -> EventView:
    return EventView(next(_event_ids), at, kind, actor, "slack", text, data)


_event_ids = itertools.count(1)


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


# -- Block Kit limits -------------------------------------------------------------------------

LIMITS = {
    "message_blocks": 50,
    "modal_blocks": 100,
    "section_text": 3000,
    "section_fields": 10,
    "field_text": 2000,
    "header_text": 150,
    "context_elements": 10,
    "actions_elements": 25,
    "button_text": 75,
    "action_id": 255,
    "block_id": 255,
    "button_value": 2000,
    "modal_title": 24,
}


def limit_violations(blocks: list[dict[str, Any]], max_blocks: int = LIMITS["message_blocks"]) -> list[str]:
    """Every way `blocks` breaks a Block Kit limit Slack enforces; empty when it is valid."""
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks > {max_blocks}")
    for i, block in enumerate(blocks):
        where = f"block {i} ({block['type']})"
        if len(block.get("block_id", "")) > LIMITS["block_id"]:
            problems.append(f"{where}: block_id too long")
        kind = block["type"]
        if kind == "section":
            text = block.get("text", {}).get("text")
            if "text" in block and not 1 <= len(text or "") <= LIMITS["section_text"]:
                problems.append(f"{where}: text length {len(text or '')}")
            fields = block.get("fields", [])
            if len(fields) > LIMITS["section_fields"]:
                problems.append(f"{where}: {len(fields)} fields")
            problems += [f"{where}: field {len(f['text'])}" for f in fields if not 1 <= len(f["text"]) <= 2000]
            if "text" not in block and not fields:
                problems.append(f"{where}: neither text nor fields")
        elif kind == "header":
            if not 1 <= len(block["text"]["text"]) <= LIMITS["header_text"]:
                problems.append(f"{where}: header length {len(block['text']['text'])}")
        elif kind == "context":
            elements = block["elements"]
            if not 1 <= len(elements) <= LIMITS["context_elements"]:
                problems.append(f"{where}: {len(elements)} elements")
            problems += [f"{where}: element text" for e in elements if not 1 <= len(e.get("text", "")) <= 3000]
        elif kind == "actions":
            elements = block["elements"]
            if not 1 <= len(elements) <= LIMITS["actions_elements"]:
                problems.append(f"{where}: {len(elements)} elements")
            for element in elements:
                if len(element.get("action_id", "")) > LIMITS["action_id"]:
                    problems.append(f"{where}: action_id too long")
                if element["type"] == "button":
                    if not 1 <= len(element["text"]["text"]) <= LIMITS["button_text"]:
                        problems.append(f"{where}: button text")
                    if len(element.get("value", "")) > LIMITS["button_value"]:
                        problems.append(f"{where}: button value")
    return problems


def texts(blocks: list[dict[str, Any]]) -> str:
    """All the text a person sees in `blocks`, in order."""
    out: list[str] = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        out += [f["text"] for f in block.get("fields", [])]
        for element in block.get("elements", []):
            text = element.get("text")
            out.append(text["text"] if isinstance(text, dict) else text or "")
    return "\n".join(out)


def buttons(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
