"""Settings: read once from the environment (and `.env`) into one typed object."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///incidents.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it and says how to fix it."""


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = DEFAULT_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    host: str = "0.0.0.0"
    port: int = 3000
    announce_channel: str | None = None
    alert_webhook_token: str | None = None
    policy_file: Path | None = None
    templates_dir: Path | None = None
    log_level: str = "INFO"
    # Delivery tuning; not part of the public contract, tests compress them.
    outbox_backoff_seconds: float = 2.0
    outbox_max_attempts: int = 8
    slack_timeout_seconds: float = 10.0
    schedule_tick_seconds: float = 1.0  # how often the reminder ticker looks for due rows

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from `env` (default: the process environment after loading `.env`)."""
        if env is None:
            from dotenv import load_dotenv

            load_dotenv()
            env = os.environ
        api_url = env.get("SLACK_API_URL") or DEFAULT_API_URL
        if not api_url.endswith("/"):
            api_url += "/"
        level = (env.get("LOG_LEVEL") or "INFO").upper()
        if level not in LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level!r}")
        return cls(
            slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            slack_app_token=env.get("SLACK_APP_TOKEN") or None,
            slack_api_url=api_url,
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            host=env.get("HOST") or "0.0.0.0",
            port=_port(env.get("PORT") or "3000"),
            announce_channel=env.get("INCIDENT_ANNOUNCE_CHANNEL") or None,
            alert_webhook_token=env.get("ALERT_WEBHOOK_TOKEN") or None,
            policy_file=_path(env.get("INCIDENT_POLICY_FILE")),
            templates_dir=_path(env.get("INCIDENT_TEMPLATES_DIR")),
            log_level=level,
        )

    def check_slack(self) -> None:
        """Refuse to start without what Slack needs, naming the missing variable."""
        if not self.slack_bot_token:
            raise SettingsError("SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…)")
        if not self.socket_mode and not self.slack_signing_secret:
            raise SettingsError(
                "SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify requests from Slack "
                "(or set SLACK_APP_TOKEN to use Socket Mode)"
            )


def _port(raw: str) -> int:
    if not raw.isdigit() or not 0 <= int(raw) < 65536:
        raise SettingsError(f"PORT must be a number between 0 and 65535, not {raw!r}")
    return int(raw)


def _path(raw: str | None) -> Path | None:
    return Path(raw).expanduser() if raw else None
