"""`incident-bot`: run the bot, or print an incident's postmortem draft."""

from __future__ import annotations

import argparse
import logging
import re
import signal
import sys
import threading

from bot.core.policy import PolicyError, load_policy
from bot.settings import Settings, SettingsError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="incident-bot", description="Slack-native incident response bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="serve Slack (HTTP or Socket Mode), health checks and deliveries")
    postmortem = commands.add_parser("postmortem", help="print an incident's postmortem draft (Markdown)")
    postmortem.add_argument("incident", help="INC-<n> or <n>")
    check = commands.add_parser("check-policy", help="validate a policy file and print the effective policy")
    check.add_argument("file", nargs="?", help="the TOML policy (default: INCIDENT_POLICY_FILE)")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        if settings.log_level != "DEBUG":
            logging.getLogger("alembic").setLevel(logging.WARNING)
        if args.command == "check-policy":
            return check_policy(args.file or settings.policy_file)
        return run(settings) if args.command == "run" else print_postmortem(settings, args.incident)
    except (SettingsError, PolicyError) as error:
        print(f"incident-bot: {error}", file=sys.stderr)
        return 2


def run(settings: Settings) -> int:
    from bot.runtime import Runtime

    settings.check_slack()
    runtime = Runtime(settings)
    runtime.prepare()
    runtime.start()
    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.set())
    stopped.wait()
    runtime.stop()
    return 0


def check_policy(path: object) -> int:
    """Print the effective policy (defaults filled in); a PolicyError exits non-zero via main()."""
    from bot.core.policy.describe import describe

    print(describe(load_policy(str(path) if path else None)), end="")
    return 0


def print_postmortem(settings: Settings, ref: str) -> int:
    from bot.core import postmortem
    from bot.core.clock import SystemClock
    from bot.core.desk import Desk
    from bot.rendering import TemplateSet
    from bot.store.engine import make_engine
    from bot.store.migrate import upgrade

    match = re.fullmatch(r"(?i)(?:inc-)?(\d+)", ref.strip())
    if not match:
        raise SettingsError(f"{ref!r} is not an incident reference; write INC-7 or 7")
    engine = make_engine(settings.database_url)
    upgrade(engine)
    drafts = postmortem.Postmortems(TemplateSet(settings.templates_dir))
    try:
        print(Desk(engine, SystemClock()).run(drafts.draft, int(match.group(1))), end="")
    except Exception as error:
        print(f"incident-bot: {error}", file=sys.stderr)
        return 1
    return 0
