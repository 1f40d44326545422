"""Settings: read once from the environment (and a `.env` file) into one typed object. Every
problem is collected and reported together, so an operator fixes them in one pass."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from bot.core.policy import PolicyError, load_policy
from bot.store.urls import database_url, sqlite_file

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///incidents.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# What people leave in from .env.example or a tutorial: `xoxb-your-token`, `<token>`, `xoxb-…`.
_PLACEHOLDER = re.compile(r"your|change.?me|[<>…]|\.\.\.", re.IGNORECASE)
T = TypeVar("T")
S = TypeVar("S")
SIGN_IN_SETTINGS = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "PUBLIC_URL", "SESSION_SECRET")
MIN_SESSION_SECRET = 32
CPU_MAX = Path("/sys/fs/cgroup/cpu.max")  # cgroup v2: "<quota> <period>" or "max <period>"


class StartupError(RuntimeError):
    """The bot cannot start or answer; the message is one line that says what to do about it."""


class SettingsError(StartupError, ValueError):
    """A setting is missing or malformed; the message names it and says how to fix it."""


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str | None = field(default=None, repr=False)  # secrets stay out of logs
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_api_url: str = DEFAULT_API_URL
    database_url: str = field(default=DEFAULT_DATABASE_URL, repr=False)  # may hold a password
    host: str = "0.0.0.0"
    port: int = 3000
    announce_channel: str | None = None
    alert_webhook_token: str | None = field(default=None, repr=False)
    policy_file: Path | None = None
    templates_dir: Path | None = None
    log_level: str = "INFO"
    worker_process: bool = False  # `run` only: the work after the acks in a second process (bot/processes.py)
    env_file: Path | None = None  # the file the settings were loaded from, said at start-up
    # Sign in with Slack for the dashboard: all four or none (bot/web/auth).
    slack_client_id: str | None = None
    slack_client_secret: str | None = field(default=None, repr=False)
    public_url: str | None = None  # no trailing slash
    session_secret: str | None = field(default=None, repr=False)
    session_lifetime_seconds: float = 12 * 3600.0  # how long a dashboard sign-in lasts
    # Delivery tuning; not part of the public contract, tests compress them.
    outbox_backoff_seconds: float = 2.0
    outbox_max_attempts: int = 8
    outbox_lease_seconds: float = 10.0
    outbox_patience_seconds: float = 24 * 3600.0  # how long transient failures are retried
    outbox_delay_notice_seconds: float = 60.0  # an outage this long gets a "messages were delayed" line
    slack_timeout_seconds: float = 10.0
    slack_post_interval_seconds: float = 1.0  # chat.postMessage pacing per channel (bot/slack/pacing.py)
    announce_window_seconds: float = 60.0  # declares within it share one announcement (bot/core/announcements.py)
    sqlite_busy_timeout_seconds: float = 30.0
    schedule_tick_seconds: float = 1.0  # how often the reminder ticker looks for due rows

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @property
    def sign_in(self) -> bool:
        """Whether the dashboard is on: it needs every Sign in with Slack setting."""
        return all(getattr(self, name.lower()) for name in SIGN_IN_SETTINGS)

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, require_slack: bool = False, env_file: Path | None = None
    ) -> Settings:
        """Build settings from `env` (default: the process environment, after `load_env_file`); all
        problems in one error, including what Slack needs when `require_slack`."""
        env = os.environ if env is None else env
        problems: list[str] = []
        settings = cls(
            slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            slack_app_token=env.get("SLACK_APP_TOKEN") or None,
            slack_api_url=_api_url(env.get("SLACK_API_URL") or DEFAULT_API_URL),
            database_url=_checked(problems, database_url, env.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            host=env.get("HOST") or "0.0.0.0",
            port=_checked(problems, _port, env.get("PORT") or "3000"),
            announce_channel=env.get("INCIDENT_ANNOUNCE_CHANNEL") or None,
            alert_webhook_token=_checked(problems, _webhook_token, env.get("ALERT_WEBHOOK_TOKEN") or ""),
            policy_file=_checked(problems, _policy_file, env.get("INCIDENT_POLICY_FILE") or ""),
            templates_dir=_path(env.get("INCIDENT_TEMPLATES_DIR")),
            log_level=_checked(problems, _log_level, env.get("LOG_LEVEL") or "INFO"),
            worker_process=_checked(problems, _worker_process, (env.get("INCIDENT_WORKER_PROCESS") or "auto", env)),
            env_file=env_file,
            **(_checked(problems, _sign_in, env) or {}),
        )
        problems += settings.slack_problems() if require_slack else []
        if problems:
            raise SettingsError("; ".join(problems))
        return settings

    def slack_problems(self) -> list[str]:
        """Every missing or placeholder value Slack needs, so they are all named at once."""
        problems = _token_problems("SLACK_BOT_TOKEN", self.slack_bot_token, "the Bot User OAuth Token, xoxb-…")
        if self.socket_mode:
            problems += _token_problems("SLACK_APP_TOKEN", self.slack_app_token, "the app-level token, xapp-…")
        else:
            problems += _token_problems(
                "SLACK_SIGNING_SECRET",
                self.slack_signing_secret,
                "HTTP mode verifies Slack's requests with it; or set SLACK_APP_TOKEN for Socket Mode",
            )
        unset = self.slack_bot_token is None or not (self.socket_mode or self.slack_signing_secret)
        if unset and self.env_file is None:  # perhaps they are in a .env the bot did not look for
            problems.append(f"no .env file was read (there is none in {Path.cwd()}; --env-file FILE names one)")
        return problems


def _token_problems(name: str, value: str | None, what: str) -> list[str]:
    if value is None:
        return [f"{name} is not set ({what})"]
    if _PLACEHOLDER.search(value):
        return [f"{name} is still the placeholder {value!r} ({what})"]
    return []


def _checked(problems: list[str], parse: Callable[[S], T], raw: S) -> T:
    """`parse(raw)`, or note the problem and carry on, so one run names every bad setting."""
    try:
        return parse(raw)
    except ValueError as error:
        problems.append(str(error))
        return None  # type: ignore[return-value]  # never used: from_env raises when problems exist


def _sign_in(env: Mapping[str, str]) -> dict[str, str | None]:
    """The four Sign in with Slack settings: all of them, or none (the dashboard is off). A partial
    set is a mistake worth stopping for: the operator meant to turn the dashboard on."""
    values = {name: env.get(name) or None for name in SIGN_IN_SETTINGS}
    missing = [name for name, value in values.items() if value is None]
    if len(missing) not in (0, len(SIGN_IN_SETTINGS)):
        raise ValueError(
            f"Sign in with Slack needs all of {', '.join(SIGN_IN_SETTINGS)}; {', '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not set (set them, or unset all four to keep the dashboard off)"
        )
    if not missing:
        values["PUBLIC_URL"] = _public_url(values["PUBLIC_URL"] or "")
        _session_secret(values["SESSION_SECRET"] or "")
    return {name.lower(): value for name, value in values.items()}


def _public_url(raw: str) -> str:
    url = urlsplit(raw)
    if url.scheme not in ("http", "https") or not url.hostname or url.query or url.fragment:
        raise ValueError(f"PUBLIC_URL must be an http(s) address, e.g. https://incidents.example.com, not {raw!r}")
    return raw.rstrip("/")


def _session_secret(raw: str) -> None:
    """A short or placeholder secret would let anyone forge a session cookie."""
    if len(raw) < MIN_SESSION_SECRET or _PLACEHOLDER.search(raw):
        raise ValueError(
            f"SESSION_SECRET must be at least {MIN_SESSION_SECRET} random characters, not a placeholder "
            "(e.g. the output of `openssl rand -hex 32`)"
        )


def _api_url(raw: str) -> str:
    return raw if raw.endswith("/") else raw + "/"


def _log_level(raw: str) -> str:
    level = raw.upper()
    if level not in LOG_LEVELS:
        raise ValueError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {raw!r}")
    return level


def _worker_process(given: tuple[str, Mapping[str, str]]) -> bool:
    """`auto`: when there is a second CPU for the worker (with one, the pair would only cost
    memory), and a database two processes can share: PostgreSQL, or a SQLite file (whose inbox is
    a file of its own, so the front's acks do not queue behind the worker's writes:
    docs/PERFORMANCE.md, "The inbox in a file of its own"). Not SQLite in memory."""
    raw, env = given
    choice = raw.lower()
    if choice not in ("auto", "yes", "no"):
        raise ValueError(f"INCIDENT_WORKER_PROCESS must be auto, yes or no, not {raw!r}")
    if choice != "auto":
        return choice == "yes"
    url = env.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    shared = url.startswith("postgres") or sqlite_file(url) is not None
    return shared and available_cpus() >= 2


def available_cpus(cpu_max: Path = CPU_MAX) -> int:
    """The CPUs this process may use: its affinity, capped by its cgroup's quota (a container's CPU
    limit, which the affinity does not show), rounded down."""
    cpus = len(os.sched_getaffinity(0))
    try:
        quota, period = cpu_max.read_text().split()
        return cpus if quota == "max" else max(1, min(cpus, int(quota) // int(period)))
    except (OSError, ValueError):
        return cpus


def _port(raw: str) -> int:
    if not raw.isdigit() or not 0 <= int(raw) < 65536:
        raise ValueError(f"PORT must be a number between 0 and 65535, not {raw!r}")
    return int(raw)


def _webhook_token(raw: str) -> str | None:
    """Empty means the alert webhooks are off (start-up logs it); a placeholder or a token with
    spaces would only ever be refused, so it is named at start-up instead."""
    if not raw:
        return None
    if _PLACEHOLDER.search(raw) or not raw.isprintable() or " " in raw:
        raise ValueError("ALERT_WEBHOOK_TOKEN must be one word of printable characters, not a placeholder")
    return raw


def _policy_file(raw: str) -> Path | None:
    """The policy file's path, once the whole file has been read and found valid: a bad policy is
    one more settings problem, named with the others and with the variable to fix."""
    path = _path(raw)
    try:
        load_policy(str(path) if path else None)
    except PolicyError as error:
        raise ValueError(f"INCIDENT_POLICY_FILE={error}") from None
    return path


def _path(raw: str | None) -> Path | None:
    return Path(raw).expanduser() if raw else None
