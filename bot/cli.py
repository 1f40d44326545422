"""`incident-bot`, the console script. Each subcommand is one `CliCommand` in `COMMANDS`: a function
of the settings and the parsed arguments, with its help and an example. Every failure an operator
can fix ends as one line on stderr, never a traceback."""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import NoReturn

from bot import cli_declare, cli_drill, cli_export, cli_migrate, cli_run
from bot.envfile import load_env_file
from bot.settings import Settings, SettingsError, StartupError

log = logging.getLogger("incident_bot")
SETTINGS_HELP = """\
settings (environment variables; README.md → Settings says more):
  SLACK_BOT_TOKEN            the Bot User OAuth Token, xoxb-… (required)
  SLACK_SIGNING_SECRET       verifies Slack's requests (required in HTTP mode)
  SLACK_APP_TOKEN            xapp-…; set it to use Socket Mode (no public URL)
  SLACK_API_URL              Web API base URL (default https://slack.com/api/)
  DATABASE_URL               sqlite:///incidents.db (default) or postgresql+psycopg://user:pass@host/db
  HOST, PORT                 the HTTP listener (default 0.0.0.0, 3000)
  INCIDENT_ANNOUNCE_CHANNEL  channel ID or #name for announcements
  INCIDENT_POLICY_FILE       TOML policy: severities, escalation, on-call, nudges, alert routes (check-policy)
  INCIDENT_TEMPLATES_DIR     overrides for the Jinja templates, file by file
  ALERT_WEBHOOK_TOKEN        bearer token for /alerts/*; empty: those endpoints refuse all
  LOG_LEVEL                  DEBUG, INFO (default), WARNING, ERROR
  INCIDENT_WORKER_PROCESS    auto (default: yes with 2+ CPUs), yes, no: the work after acks in a 2nd process
  SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, PUBLIC_URL, SESSION_SECRET
                             the dashboard's Sign in with Slack: all four, or none (dashboard off)

.env: a .env file in the working directory (or the one given with --env-file) is
loaded first; variables already set in the environment win over it. Relative paths
in the file are relative to the file's directory."""


@dataclass(frozen=True)
class CliCommand:
    """One `incident-bot` subcommand. `run` returns the exit status."""

    name: str
    summary: str
    example: str
    run: Callable[[Settings, argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None
    needs_slack: bool = False
    more: str = ""


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        env_file = load_env_file(args.env_file)
        settings = Settings.from_env(require_slack=args.cli_command.needs_slack, env_file=env_file)
        configure_logging(settings.log_level)
        return args.cli_command.run(settings, args)
    except StartupError as error:
        print(f"incident-bot: {error}", file=sys.stderr)
        return 2 if isinstance(error, SettingsError) else 1


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a mistake on the command line is one line, like every other error here."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"incident-bot: {message}; see {self.prog} --help\n")


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line, or exit 2 naming the first thing wrong: an unknown option is named before a
    missing command (argparse would only say the command is missing)."""
    root = parser()
    args, unknown = root.parse_known_args(argv)
    if unknown:
        first = unknown[0]
        root.error(f"unknown option {first}" if first.startswith("-") else f"unexpected argument {first!r}")
    if not hasattr(args, "cli_command"):
        root.error(f"name a command: {', '.join(command.name for command in COMMANDS)}")
    return args


def parser() -> argparse.ArgumentParser:
    root = OneLineParser(prog="incident-bot", description="Slack-native incident response bot")
    root.add_argument("--version", action="version", version=f"%(prog)s {version('incident-bot')}")
    root.add_argument("--env-file", type=Path, help="settings file to load instead of ./.env")
    subparsers = root.add_subparsers(metavar="COMMAND")
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.name,
            help=command.summary,
            description=command.summary,
            epilog=f"example:\n  {command.example}" + (f"\n\n{command.more}" if command.more else ""),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("--env-file", type=Path, default=argparse.SUPPRESS, help="settings file instead of ./.env")
        command.arguments(sub)
        sub.set_defaults(cli_command=command)
    return root


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if level != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)
        logging.getLogger("apscheduler").setLevel(logging.WARNING)  # it logs every tick at INFO


def print_postmortem(settings: Settings, args: argparse.Namespace) -> int:
    """The draft on stdout, or in `--out FILE`. It is rendered before the file is opened, so an
    unknown incident leaves no empty file behind."""
    number = _incident_number(args.incident)
    draft = _render_postmortem(settings, number)
    if args.out is None:
        print(draft, end="")
        return 0
    try:
        args.out.write_text(draft, encoding="utf-8")
    except OSError as error:
        raise StartupError(f"cannot write {args.out}: {error.strerror or error}") from None
    print(f"{args.out}: the postmortem draft of INC-{number}")
    return 0


def _incident_number(reference: str) -> int:
    match = re.fullmatch(r"(?i)(?:inc-)?(\d+)", reference.strip())
    if not match:
        raise SettingsError(f"{reference!r} is not an incident reference; write INC-7 or 7")
    return int(match.group(1))


def _render_postmortem(settings: Settings, number: int) -> str:
    from bot.core import postmortem
    from bot.core.clock import SystemClock
    from bot.core.desk import Desk
    from bot.core.errors import IncidentError
    from bot.core.policy import load_policy
    from bot.rendering import TemplateSet
    from bot.store.opening import open_existing

    policy = load_policy(str(settings.policy_file) if settings.policy_file else None)  # severities, SLOs
    engine = open_existing(settings.database_url)
    drafts = postmortem.Postmortems(TemplateSet(settings.templates_dir))
    try:
        return Desk(engine, SystemClock(), policy=policy).read(drafts.draft, number)
    except IncidentError as error:
        raise StartupError(str(error)) from error
    finally:
        engine.dispose()


def check_policy(settings: Settings, args: argparse.Namespace) -> int:
    """Print the effective policy (defaults filled in). A bad INCIDENT_POLICY_FILE was already
    refused with the other settings; a bad FILE is refused here, in the same one line."""
    from bot.core.policy import PolicyError, load_policy
    from bot.core.policy.describe import describe

    path = args.file or settings.policy_file
    try:
        print(describe(load_policy(str(path) if path else None)), end="")
    except PolicyError as error:
        raise SettingsError(str(error)) from None
    return 0


def print_example_policy(_settings: Settings, _args: argparse.Namespace) -> int:
    """The example policy as shipped, comments and all: an installed bot has no docs/ to copy from."""
    from bot.shipped import example_policy

    print(example_policy().read_text(encoding="utf-8"), end="")
    return 0


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-migrate", action="store_true", help="leave the schema to `incident-bot migrate`; refuse an older one"
    )


def _incident_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("incident", help="INC-<n> or <n>")


def _postmortem_arguments(parser: argparse.ArgumentParser) -> None:
    _incident_argument(parser)
    parser.add_argument("--out", type=Path, metavar="FILE", help="write the draft to FILE instead of stdout")


def _policy_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="the TOML policy (default: INCIDENT_POLICY_FILE)")


COMMANDS = [
    CliCommand(
        "run",
        "serve Slack (HTTP or Socket Mode), health checks and deliveries; migrates the database first",
        "incident-bot run --env-file /etc/incident-bot.env",
        cli_run.run,
        arguments=_run_arguments,
        needs_slack=True,
        more=SETTINGS_HELP,
    ),
    CliCommand(
        "migrate",
        "create or upgrade the database schema and exit; safe to run from several places at once",
        "incident-bot migrate --env-file /etc/incident-bot.env",
        cli_migrate.migrate,
        more="For deployments that migrate as a step of their own (a Job, an ExecStartPre), then start the "
        "replicas with `run --no-migrate`.",
    ),
    CliCommand(
        "postmortem",
        "print an incident's postmortem draft (Markdown); reads the database, never creates one",
        "incident-bot postmortem INC-7 --out INC-7-postmortem.md",
        print_postmortem,
        arguments=_postmortem_arguments,
    ),
    CliCommand(
        "check-policy",
        "validate a policy file and print the effective policy (defaults filled in); non-zero on errors",
        "incident-bot check-policy /etc/incident-bot/policy.toml",
        check_policy,
        arguments=_policy_argument,
    ),
    CliCommand(
        "example-policy",
        "print an example policy with every section, commented, to start yours from",
        "incident-bot example-policy > policy.toml && incident-bot check-policy policy.toml",
        print_example_policy,
    ),
    CliCommand(
        "declare",
        "declare an incident from the database alone, for when Slack is down: prints INC-n at once; the "
        "running bot creates the channel, card and announcement when Slack answers",
        'incident-bot declare "Checkout is failing" --severity sev2 --by U0123ABC',
        cli_declare.declare,
        arguments=cli_declare.arguments,
        more="Without --by the declarer is your login name, recorded as written: nobody is invited and "
        "nobody commands until someone takes command in the channel.",
    ),
    CliCommand(
        "drill",
        "declare a drill from a scenario file and have the running bot replay its alerts on time through "
        "the real alert intake; reads the database only, never Slack",
        "incident-bot drill gameday/checkout.toml --by U0123ABC",
        cli_drill.drill,
        arguments=cli_drill.arguments,
        more="Scenario format: README, Drills. Resolve the drill in Slack to end it: alerts not yet replayed are "
        "dropped.",
    ),
    CliCommand(
        "export",
        "write every incident as one row (times, key times, services, counts) as CSV or JSON; reads the "
        "database only, never Slack",
        "incident-bot export --since 2026-01-01 --format csv > incidents.csv",
        cli_export.export,
        arguments=cli_export.arguments,
        more="Columns and formats: docs/EXPORT.md. Private incidents and drills are left out unless "
        "--include-private and --include-drills.",
    ),
]
