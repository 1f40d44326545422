"""`incident-bot drill scenario.toml`: declare a drill from a scenario and hand its alerts to the
running bot, which replays each at its minute through the real alert intake. The command returns at
once: the timetable is a row in the database, so neither this process nor a restart of the bot can
lose it (bot/core/drills/replay.py). Nothing here talks to Slack."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

from bot import cli_declare
from bot.settings import Settings, SettingsError


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", type=Path, help="the scenario file (TOML): title, participants, [[alerts]]")
    parser.add_argument(
        "--minute-seconds",
        type=minute_seconds,
        default=60.0,
        metavar="N",
        help="how many seconds a scenario minute lasts (default 60; shorter to rehearse quickly)",
    )
    parser.add_argument("--by", type=cli_declare.declarer, metavar="WHO", help="the declarer; default: your login")


def drill(settings: Settings, args: argparse.Namespace) -> int:
    from bot.alerts.scenario import read_scenario
    from bot.core.clock import SystemClock
    from bot.core.desk import Desk
    from bot.core.drills import replay
    from bot.core.incidents import DeclareRequest
    from bot.core.policy import PolicyError, load_policy
    from bot.store.opening import open_existing

    policy = load_policy(str(settings.policy_file) if settings.policy_file else None)
    try:
        scenario = read_scenario(args.scenario, policy, timedelta(seconds=args.minute_seconds))
    except PolicyError as error:
        raise SettingsError(str(error)) from None
    request = DeclareRequest(
        title=scenario.title,
        declared_by=args.by or cli_declare.login_name(),
        severity=scenario.severity,
        commander=scenario.commander,
        source="cli",
        participants=scenario.participants,
    )
    engine = open_existing(settings.database_url)
    try:
        ref = Desk(engine, SystemClock(), policy=policy).run(replay.start, request, scenario.alerts).incident.ref
    finally:
        engine.dispose()
    print(ref)
    for alert in sorted(scenario.alerts, key=lambda a: a.after):
        print(f"incident-bot: at +{alert.after.total_seconds():g}s: {alert.batch.title}", file=sys.stderr)
    print(f"incident-bot: {ref} declared as a drill; the running bot replays its alerts on time", file=sys.stderr)
    return 0


def minute_seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a number of seconds between 0 and 3600, e.g. 5")
    return value
