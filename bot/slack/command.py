"""The one `/incident` listener. A table of subcommands drives dispatch, `/incident help` and the
"did you mean" answer. Pure checks run before ack() so bad input is answered in the ack itself;
everything that touches the database or Slack runs after it."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.core import incidents
from bot.core.errors import IncidentError
from bot.slack.blocks.kit import Block, section
from bot.slack.failures import classify
from bot.slack.parsing import Mention, split_first
from bot.slack.services import Services

log = logging.getLogger(__name__)
Reply = list[Block] | str | None


@dataclass
class Invocation:
    """One `/incident` call: who, where, and the incident of the channel when the subcommand needs one."""

    services: Services
    user_id: str
    channel_id: str
    trigger_id: str
    response_url: str | None
    number: int = 0

    def person(self, mention: Mention) -> str:
        if mention.user_id:
            return mention.user_id
        assert mention.name
        found = self.services.gateway.find_user(mention.name)
        if found is None:
            raise InvalidPerson(f"I can't find anyone called @{mention.name}. Pick them from Slack's @-menu.")
        return found


class InvalidPerson(IncidentError):
    pass


def _no_check(args: str) -> str | None:
    return None


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
        guesses = difflib.get_close_matches(name.lower(), list(self._by_name), n=1)
        hint = f" Did you mean `/incident {guesses[0]}`?" if guesses else ""
        return [section(f"`{name}` is not an `/incident` subcommand.{hint}"), *self.help()]


def ack_only(ack: Ack) -> None:
    ack()


def answer(respond: Respond, reply: Reply) -> None:
    if reply is None:
        return
    if isinstance(reply, str):
        respond(text=reply, response_type="ephemeral", replace_original=False)
    else:
        respond(text="incident bot", blocks=reply, response_type="ephemeral", replace_original=False)


def tell(services: Services, channel_id: str | None, user_id: str, reply: Reply) -> None:
    """An ephemeral answer after a modal, which has no response_url of its own."""
    if not reply or not channel_id:
        return
    text = reply if isinstance(reply, str) else "incident bot"
    blocks = None if isinstance(reply, str) else reply
    try:
        services.gateway.client.chat_postEphemeral(channel=channel_id, user=user_id, text=text, blocks=blocks)
    except Exception as error:
        log.warning("could not answer %s in %s: %s", user_id, channel_id, classify(error).reason)


def guarded(work: Callable[[], Reply]) -> Reply:
    """Run work for a person and turn any failure into words for them — never a traceback."""
    try:
        return work()
    except IncidentError as error:
        return str(error)
    except Exception as error:
        failure = classify(error)
        if failure.reason.startswith("Slack") or failure.retryable:
            log.warning("slack call failed: %s", failure.reason)
            return f"⚠️ That didn't work: {failure.reason}. Nothing was half-applied; try again."
        log.exception("command failed")
        return "⚠️ Something went wrong on our side. It is logged; nothing was half-applied."


def register(app: App, services: Services, table: CommandTable, bare: Callable[[Invocation], Reply]) -> None:
    def ack_incident(ack: Ack, command: dict[str, Any]) -> None:
        name, args = split_first(command.get("text") or "")
        if not name:
            ack()
            return
        sub = table.find(name)
        if sub is None:
            ack(text=f"Unknown subcommand `{name}`", blocks=table.unknown(name))
            return
        try:
            message = sub.check(args)
        except IncidentError as error:
            ack(text=f"{error}\nUsage: `/incident {sub.usage}`")
            return
        ack(text=message) if message else ack()

    def run_incident(command: dict[str, Any], respond: Respond) -> None:
        name, args = split_first(command.get("text") or "")
        sub = table.find(name) if name else None
        if name and (sub is None or _fails_check(sub, args)):
            return  # answered in the ack
        invocation = Invocation(
            services, command["user_id"], command["channel_id"], command["trigger_id"], command.get("response_url")
        )
        answer(respond, guarded(lambda: _dispatch(invocation, sub, args, bare)))

    app.command("/incident")(ack=ack_incident, lazy=[run_incident])


def _fails_check(sub: Subcommand, args: str) -> bool:
    try:
        sub.check(args)
    except IncidentError:
        return True
    return False


def _dispatch(invocation: Invocation, sub: Subcommand | None, args: str, bare: Callable[[Invocation], Reply]) -> Reply:
    if sub is None:
        return bare(invocation)
    if sub.needs_incident:
        invocation.number = invocation.services.desk.read(incidents.require_by_channel, invocation.channel_id)
    return sub.run(invocation, args)
