"""Moving through the lifecycle: ack, status, severity, resolve, reopen, cancel, close, rename,
impact — and the card's Acknowledge and Resolve buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.core import gate, impact, incidents, lifecycle
from bot.core.errors import NeedsConfirmation
from bot.core.incidents import clean_title
from bot.core.severity import parse_severity
from bot.core.status import Status, parse_status
from bot.core.text import clean, visible
from bot.core.views import Outcome
from bot.slack import ids
from bot.slack.blocks.prompts import cancel_prompt
from bot.slack.command import Invocation, Subcommand, validates
from bot.slack.features import postmortem
from bot.slack.interactions import clicked_incident, request_key, write_once
from bot.slack.parsing import parse_text, plain_text
from bot.slack.permits import actor
from bot.slack.replies import Reply, acked
from bot.slack.services import Services


def _notice(outcome: Outcome) -> Reply:
    return outcome.notice


def _close(inv: Invocation, _args: str) -> Reply:
    s = inv.services
    who = actor(s, inv.user_id, "close")
    people = postmortem.names(s, inv.number)
    inv.write(gate.permitted, "close", who, lifecycle.close, inv.number, inv.user_id, s.postmortems, people)
    return "Closing: the postmortem draft is being posted in the channel."


def _cancel(inv: Invocation, args: str) -> Reply:
    """Cancel at once, or, for an incident that pages, ask first with a button that carries the reason."""
    reason = _optional_text(args)
    who = actor(inv.services, inv.user_id, "resolve")
    try:
        return _notice(inv.write(gate.permitted, "resolve", who, lifecycle.cancel, inv.number, inv.user_id, reason))
    except NeedsConfirmation as question:
        return cancel_prompt(f"INC-{inv.number}", str(question), reason)


def _simple(
    op: Callable[..., Outcome], parse: Callable[[str], Any] | None = None, action: str | None = None
) -> Callable[[Invocation, str], Reply]:
    """A subcommand that calls one core operation with the parsed argument (if any), under the
    `[permissions]` rule for `action` when it has one."""

    def run(inv: Invocation, args: str) -> Reply:
        extra = (parse(args),) if parse else ()
        return _notice(_write(inv, action, op, *extra, inv.user_id))

    return run


def _write(inv: Invocation, action: str | None, op: Callable[..., Outcome], *args: Any) -> Outcome:
    """The command's change to its incident, judged by the rule for `action` in the same transaction."""
    if action is None:
        return inv.write(op, inv.number, *args)
    return inv.write(gate.permitted, action, actor(inv.services, inv.user_id, action), op, inv.number, *args)


def _status(inv: Invocation, args: str) -> Reply:
    """`status resolved` resolves: the same permission as `/incident resolve`."""
    status = parse_status(args)
    action = "resolve" if status == Status.RESOLVED else None
    return _notice(_write(inv, action, lifecycle.set_status, status, inv.user_id))


def _optional_text(args: str) -> str | None:
    typed = clean(plain_text(args))
    return typed if visible(typed) else None


def _title(args: str) -> str:
    return clean_title(plain_text(args))


def _with_text(op: Callable[..., Outcome], action: str) -> Callable[[Invocation, str], Reply]:
    def run(inv: Invocation, args: str) -> Reply:
        return _notice(_write(inv, action, op, inv.user_id, _optional_text(args)))

    return run


def _impact(args: str) -> str:
    """The text as typed; refused in the ack when its leading share is out of range."""
    typed = parse_text(args, "The impact", "impact [<share>%] <text>")
    impact.parse(typed)
    return typed


SUBCOMMANDS = [
    Subcommand(
        "ack",
        "ack",
        "acknowledge: you are on it",
        _simple(lifecycle.acknowledge),
        aliases=("acknowledge",),
    ),
    Subcommand(
        "status",
        "status investigating|identified|monitoring|resolved",
        "set the status",
        _status,
        check=validates(parse_status),
    ),
    Subcommand(
        "severity",
        "severity sev1|sev2|sev3|sev4",
        "change the severity",
        _simple(lifecycle.set_severity, str.strip, "change_severity"),
        check=validates(parse_severity),
        aliases=("sev",),
    ),
    Subcommand("resolve", "resolve [summary]", "service is restored", _with_text(lifecycle.resolve, "resolve")),
    Subcommand("close", "close", "close a resolved incident and post the postmortem draft", _close),
    Subcommand(
        "cancel", "cancel [reason]", "a false alarm: end it without a postmortem (SEV1/SEV2 ask first)", _cancel
    ),
    Subcommand(
        "reopen",
        "reopen",
        "reopen a resolved, closed or cancelled incident",
        _simple(lifecycle.reopen, action="reopen"),
    ),
    Subcommand(
        "rename", "rename <title>", "change the title", _simple(lifecycle.rename, _title), check=validates(_title)
    ),
    Subcommand(
        "impact",
        "impact [<share>%] <text>",
        "describe the customer impact; a leading share (`25%`) is the part of users hurt, for error budgets",
        _simple(lifecycle.set_impact, _impact),
        check=validates(_impact),
    ),
]


def register(app: App, services: Services) -> None:
    def button(op: Callable[..., Outcome], action: str | None = None) -> Callable[[dict[str, Any]], Reply]:
        def run(body: dict[str, Any]) -> Reply:
            number, user = clicked_incident(services, body), body["user"]["id"]
            if action is None:
                return _notice(write_once(services, request_key(body), op, number, user))
            who = actor(services, user, action)
            return _notice(write_once(services, request_key(body), gate.permitted, action, who, op, number, user))

        return run

    def confirm_cancel(body: dict[str, Any]) -> Reply:
        """The button under the cancel question: it acts on the incident of the channel it is in."""
        number, user = services.desk.read(incidents.require_by_channel, body["channel"]["id"]), body["user"]["id"]
        reason, who = body["actions"][0].get("value"), actor(services, user, "resolve")
        cancel = (lifecycle.cancel, number, user, reason)
        write_once(services, request_key(body), gate.permitted, "resolve", who, *cancel, confirmed=True)
        return f"INC-{number} is cancelled as a false alarm. `/incident reopen` brings it back."

    app.action(ids.ACKNOWLEDGE)(acked(services, button(lifecycle.acknowledge)))
    app.action(ids.RESOLVE)(acked(services, button(lifecycle.resolve, "resolve")))
    app.action(ids.REOPEN)(acked(services, button(lifecycle.reopen, "reopen")))
    app.action(ids.CONFIRM_CANCEL)(acked(services, confirm_cancel))
