"""The `.env` file: `--env-file FILE`, else `.env` in the working directory. Its relative paths mean
paths beside the file, as anyone reading the file would take them: `cd /tmp && incident-bot run
--env-file /etc/incident-bot/bot.env` must open the database that file names, not make an empty one
in /tmp."""

from __future__ import annotations

import os
from pathlib import Path

from bot.settings import SettingsError
from bot.store.urls import sqlite_beside

PATH_SETTINGS = ("INCIDENT_POLICY_FILE", "INCIDENT_TEMPLATES_DIR")


def load_env_file(explicit: Path | None = None) -> Path | None:
    """Load `--env-file`, else `.env` in the working directory; variables already set win. Returns
    the file loaded, so start-up can say which one it was."""
    if explicit is not None and not explicit.is_file():
        raise SettingsError(f"--env-file {explicit}: there is no such file")
    path = explicit or Path.cwd() / ".env"
    if not path.is_file():
        return None
    for name, value in read(path.resolve()).items():
        os.environ.setdefault(name, value)
    return path.resolve()


def read(path: Path) -> dict[str, str]:
    """The file's settings, its relative paths made absolute from its directory (none need it when
    that is the working directory, so a `.env` found there reads exactly as written)."""
    from dotenv import dotenv_values

    values = {name: value for name, value in dotenv_values(path).items() if value is not None}
    base = path.parent
    if base == Path.cwd().resolve():
        return values
    for name in PATH_SETTINGS:
        if values.get(name):
            values[name] = str(beside(base, values[name]))
    if values.get("DATABASE_URL"):
        values["DATABASE_URL"] = sqlite_beside(base, values["DATABASE_URL"])
    return values


def beside(base: Path, raw: str) -> Path:
    path = Path(raw).expanduser()
    return path if path.is_absolute() else base / path
