"""`incident-bot declare`: an incident from the database alone, for when Slack is down. It gets its
number at once; the running bot's outbox creates the channel, card and announcement when Slack
answers again. Nothing here talks to Slack, and a mistake is refused before the database is opened."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from bot.settings import Settings, SettingsError

if TYPE_CHECKING:
    from bot.core.incidents import DeclareRequest

LEVELS = ("sev1", "sev2", "sev3", "sev4")  # bot.core.severity.LEVELS; here so --help needs no core code
MAX_DECLARER = 32  # the width of every "who" column


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("title", type=title, help="1–200 characters; quote it")
    parser.add_argument("--severity", type=str.lower, choices=LEVELS, help="default: the policy's default_severity")
    parser.add_argument("--private", action="store_true", help="a private channel, never announced (needs --by U…)")
    parser.add_argument(
        "--by",
        type=declarer,
        metavar="WHO",
        help="the declarer: a Slack user ID (invited, made commander) or a name/e-mail recorded as written; "
        "default: your login name",
    )


def declare(settings: Settings, args: argparse.Namespace) -> int:
    from bot.core import incidents
    from bot.core.clock import SystemClock
    from bot.core.desk import Desk
    from bot.core.policy import load_policy
    from bot.store.opening import open_existing

    policy = load_policy(str(settings.policy_file) if settings.policy_file else None)  # its default severity
    request = _request(args, policy.default_severity)
    engine = open_existing(settings.database_url)  # `run` creates and migrates it; a typo must not make a new one
    try:
        ref = Desk(engine, SystemClock(), policy=policy).run(incidents.declare, request).incident.ref
    finally:
        engine.dispose()
    print(ref)
    print(f"incident-bot: {ref} declared; the running bot sets up its channel when Slack answers", file=sys.stderr)
    return 0


def _request(args: argparse.Namespace, default_severity: str) -> DeclareRequest:
    from bot.core.incidents import DeclareRequest, is_person

    by = args.by or login_name()
    if args.private and not is_person(by):
        raise SettingsError("a private incident's channel shows only to whom it invites: add --by <your Slack user ID>")
    severity = args.severity or default_severity
    return DeclareRequest(title=args.title, declared_by=by, severity=severity, private=args.private, source="cli")


def title(raw: str) -> str:
    """The title as the core will store it, or argparse's one line (exit 2) saying what is wrong."""
    from bot.core import text
    from bot.core.errors import InvalidInput
    from bot.core.incidents import MAX_TITLE, clean_title

    try:
        return clean_title(raw)
    except InvalidInput:
        length = len(text.one_line(raw))
    if length > MAX_TITLE:
        raise argparse.ArgumentTypeError(f"the title is {length} characters long; keep it to {MAX_TITLE} or fewer")
    raise argparse.ArgumentTypeError('the title is empty; write one, e.g. "Checkout is failing"')


def declarer(raw: str) -> str:
    """`--by`: a user ID, an address or a name that fits the columns recording who did what."""
    from bot.core import text

    who = text.one_line(raw)
    if not text.visible(who) or len(who) > MAX_DECLARER:
        raise argparse.ArgumentTypeError(
            f"{raw!r} is not a declarer; write a Slack user ID (U0123ABC), or an e-mail or name of 1 to "
            f"{MAX_DECLARER} characters"
        )
    return who


def login_name() -> str:
    """Who ran the command, as the operating system knows them."""
    try:
        return declarer(getpass.getuser())
    except (OSError, KeyError, argparse.ArgumentTypeError):
        raise SettingsError("cannot tell who you are from the login name; name the declarer with --by") from None
