"""`/incident slo` answers: a service's error budget in the window ending now, the incidents that
used it (private ones counted, named only to their members), and what the state asks of the team."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import timedelta

from bot.core.budget import Burn, IncidentBudget, ServiceBudget
from bot.rendering import format_duration
from bot.slack.blocks.kit import SECTION_LIMIT, Block, as_many_as_fit, context, section
from bot.slack.mrkdwn import escape

STATES = {
    "ok": "✅ Within budget.",
    "warning": "⚠️ More than 80% of the error budget is used: stabilise before launching risky changes.",
    "exhausted": (
        "🛑 The error budget is exhausted. Per the usual error-budget policy, releases should freeze: "
        "reliability work only until the budget recovers."
    ),
}


def objective(found: ServiceBudget | IncidentBudget) -> str:
    """`99.9% over 30d`: targets keep the digits they were written with."""
    return f"{found.target * 100:.6g}% over {format_duration(found.window)}"


def figures(found: ServiceBudget | IncidentBudget) -> str:
    remaining = max(found.remaining, timedelta())
    return (
        f"Allowed downtime {format_duration(found.allowed)} · used {format_duration(found.used)} "
        f"({found.used_share:.1%}) · remaining {format_duration(remaining)}"
    )


def service(found: ServiceBudget, named: Collection[int], here: IncidentBudget | None, here_ref: str) -> list[Block]:
    """`named`: the incidents the reader may see named; `here`: the budget of the channel's incident."""
    blocks = [
        section(f"*Error budget of `{escape(found.service)}`* — SLO {objective(found)}, window ending now"),
        section(figures(found)),
        section(STATES[found.state]),
    ]
    if found.burns:
        blocks.append(section(_burns(found.burns, named)))
    if here is not None:
        blocks.append(context(f"{here_ref} consumed {format_duration(here.consumed)} ({here.consumed_share:.1%})."))
    elif here_ref:
        adds = f"`/incident service {escape(found.service)}` adds it"
        blocks.append(context(f"{here_ref} does not name `{escape(found.service)}`: {adds}."))
    return blocks


def _burns(burns: Sequence[Burn], named: Collection[int]) -> str:
    shown = [b for b in burns if b.incident.number in named]
    hidden = [b for b in burns if b.incident.number not in named]
    lines = [f"• {b.incident.ref} {format_duration(b.consumed)}" for b in shown]
    if hidden:
        spent = format_duration(sum((b.consumed for b in hidden), timedelta()))
        lines.append(f"• {len(hidden)} private incident{'s' if len(hidden) > 1 else ''} {spent}")
    body = as_many_as_fit(lines, SECTION_LIMIT - 40, lambda count: f"…and {count} more")
    return "*Used by*\n" + body


def overview(budgets: Sequence[ServiceBudget]) -> list[Block]:
    """`/incident slo` alone: every service with an SLO, one line each."""
    if not budgets:
        return [section(not_configured())]
    lines = [f"`{escape(b.service)}` {objective(b)}: {b.used_share:.1%} used — {b.state}" for b in budgets]
    return [
        section("*Error budgets* (window ending now)"),
        section(as_many_as_fit(lines, SECTION_LIMIT, lambda count: f"…and {count} more")),
        context("`/incident slo <service>` for one service's figures and the incidents that used them."),
    ]


def unknown(name: str, configured: Sequence[str]) -> str:
    if not configured:
        return f"`{escape(name)}` has no SLO. {not_configured()}"
    listed = ", ".join(f"`{escape(s)}`" for s in configured)
    return f"`{escape(name)}` has no SLO. Services with one: {listed}. Add `[slo.{escape(name)}]` to the policy for it."


def not_configured() -> str:
    return "No service has an SLO yet: add `[slo.<service>]` with `target` and `window` to the policy file."
