"""The Jinja templates people customise: packaged defaults, overridden file by file from
INCIDENT_TEMPLATES_DIR."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from bot.markdown import md_cell, md_line
from bot.shipped import shipped


def packaged_templates() -> Path:
    """The defaults: `templates/` beside `bot/` in a checkout, installed alongside `bot` as `bot_templates`."""
    return shipped("bot_templates", "templates")


def format_time(value: datetime | None, with_date: bool = True) -> str:
    if value is None:
        return "—"
    return value.strftime("%Y-%m-%d %H:%M UTC" if with_date else "%H:%M")


def format_duration(value: timedelta | None) -> str:
    """`2d 3h`, `1h 05m`, `4m 10s`, `30m`: the two largest units, without trailing zeros."""
    if value is None:
        return "—"
    seconds = max(0, int(value.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes:02d}m" if minutes else f"{hours}h"
    if minutes:
        return f"{minutes}m {seconds:02d}s" if seconds else f"{minutes}m"
    return f"{seconds}s"


def format_percent(share: float) -> str:
    """A share as a percentage people read at a glance: `50 %`, `4.5 %`, `120 %`, `<0.1 %`."""
    percent = share * 100
    if 0 < percent < 0.05:
        return "<0.1 %"
    return f"{percent:.1f}".removesuffix(".0") + " %"


class TemplateSet:
    def __init__(self, override_dir: Path | None = None, finalize: Callable[[Any], Any] | None = None) -> None:
        self.override_dir = override_dir
        loaders = [FileSystemLoader(str(override_dir))] if override_dir else []
        loaders.append(FileSystemLoader(str(packaged_templates())))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=finalize,
        )
        self.env.filters["time"] = format_time
        self.env.filters["duration"] = format_duration
        self.env.filters["percent"] = format_percent
        self.env.filters["md_line"] = md_line
        self.env.filters["md_cell"] = md_cell

    def escaping(self, finalize: Callable[[Any], Any]) -> TemplateSet:
        """The same templates with every `{{ value }}` passed through `finalize`: the Slack messages
        escape each value there, so a template someone edits cannot forget to (Jinja's own
        autoescape knows only HTML)."""
        return TemplateSet(self.override_dir, finalize)

    def render(self, template: str, /, **context: Any) -> str:
        return self.env.get_template(template).render(**context)
