"""The one `/incident` listener. A table of subcommands drives dispatch, `/incident help` and the
"did you mean" answer. Pure checks run before ack() so bad input is answered in the ack itself;
everything that touches the database or Slack runs after it."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, TypeVar

from slack_bolt import Ack, App

from bot.core import incidents
from bot.core.errors import IncidentError, InvalidInput
from bot.core.tx import Tx
from bot.slack.blocks.kit import Block, section
from bot.slack.interactions import write_once
from bot.slack.parsing import Mention, split_first
from bot.slack.replies import Reply, acked
from bot.slack.services import Services

P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class Invocation:
    """One `/incident` call: who, where, and the incident of the channel when the subcommand needs one."""

    services: Services
    user_id: str
    channel_id: str
    trigger_id: str
    response_url: str | None
    number: int = 0

    def write(self, op: Callable[Concatenate[Tx, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run the command's change once: the same command re-sent (same trigger_id) changes nothing."""
        return write_once(self.services, f"trigger:{self.trigger_id}", op, *args, **kwargs)

    def person(self, mention: Mention) -> str:
        if mention.user_id:
            return mention.user_id
        assert mention.name
        found = self.services.gateway.find_user(mention.name)
        if found is None:
            raise InvalidInput(f"I can't find anyone called @{mention.name}. Pick them from Slack's @-menu.")
        return found


def _no_check(args: str) -> str | None:
    return None


def validates(parse: Callable[[str], object]) -> Callable[[str], str | None]:
    """A check from a parser: it raises InvalidInput on bad arguments; the ack says nothing."""

    def check(args: str) -> None:
        parse(args)

    return check


@dataclass(frozen=True)
class Subcommand:
    name: str
    usage: str
    summary: str
    run: Callable[[Invocation, str], Reply]
    check: Callable[[str], str | None] = _no_check  # pure; raises InvalidInput or returns ack text
    needs_incident: bool = True
    aliases: tuple[str, ...] = field(default=())


class CommandTable:
    def __init__(self, subcommands: Sequence[Subcommand]) -> None:
        about = Subcommand("help", "help", "this help", lambda inv, args: self.help(), needs_incident=False)
        self.subcommands = [*subcommands, about]
        self._by_name = {n: s for s in self.subcommands for n in (s.name, *s.aliases)}

    def find(self, name: str) -> Subcommand | None:
        return self._by_name.get(name.lower())

    def help(self) -> list[Block]:
        lines = [f"`/incident {s.usage}` — {s.summary}" for s in self.subcommands]
        half = len(lines) // 2
        return [
            section(
                "*`/incident` — incident response in Slack*\n`/incident` alone: the incident card in an "
                "incident channel, the declare form anywhere else."
            ),
            section("\n".join(lines[:half])),
            section("\n".join(lines[half:])),
        ]

    def unknown(self, name: str) -> list[Block]:
        guess = self._nearest(name.lower())
        hint = f" Did you mean `/incident {guess}`?" if guess else ""
        return [section(f"`{name}` is not an `/incident` subcommand.{hint}"), *self.help()]

    def _nearest(self, typed: str) -> str | None:
        """The closest name; one with exactly the typed letters first, since swapped letters are the
        commonest typo (`stauts` is `status`, though `stats` shares more of its letters in order)."""
        guesses = difflib.get_close_matches(typed, list(self._by_name), n=3)
        swapped = [guess for guess in guesses if sorted(guess) == sorted(typed)]
        return next(iter(swapped or guesses), None)


@dataclass(frozen=True)
class Triage:
    """What the ack says, and whether the work after it has anything to do."""

    sub: Subcommand | None
    args: str
    text: str | None = None
    blocks: list[Block] | None = None
    proceed: bool = True


def triage(table: CommandTable, text: str) -> Triage:
    """Pure: the same answer for the ack and for the work after it, which re-reads the command."""
    name, args = split_first(text)
    if not name:
        return Triage(None, "")
    sub = table.find(name)
    if sub is None:
        return Triage(None, args, f"Unknown subcommand `{name}`", table.unknown(name), proceed=False)
    try:
        return Triage(sub, args, sub.check(args))
    except IncidentError as error:
        return Triage(sub, args, f"{error}\nUsage: `/incident {sub.usage}`", proceed=False)


def register(app: App, services: Services, table: CommandTable, bare: Callable[[Invocation], Reply]) -> None:
    def ack_incident(ack: Ack, command: dict[str, Any]) -> None:  # a slash command's body is the command
        verdict = triage(table, command.get("text") or "")
        ack(text=verdict.text, blocks=verdict.blocks) if verdict.text else ack()

    def run_incident(command: dict[str, Any]) -> Reply:
        verdict = triage(table, command.get("text") or "")
        if not verdict.proceed:
            return None  # answered in the ack
        invocation = Invocation(
            services, command["user_id"], command["channel_id"], command["trigger_id"], command.get("response_url")
        )
        return _dispatch(invocation, verdict.sub, verdict.args, bare)

    app.command("/incident")(acked(services, run_incident, answer=ack_incident))


def _dispatch(invocation: Invocation, sub: Subcommand | None, args: str, bare: Callable[[Invocation], Reply]) -> Reply:
    if sub is None:
        return bare(invocation)
    if sub.needs_incident:
        invocation.number = invocation.services.desk.read(incidents.require_by_channel, invocation.channel_id)
    return sub.run(invocation, args)
