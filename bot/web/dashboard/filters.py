"""The incident list's query string → the core's Filters. A value that cannot be read is refused
with a message naming it and what it takes, so a hand-edited URL never shows a quietly wrong list."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.core.dashboard.listing import Filters
from bot.core.errors import InvalidInput
from bot.core.service_names import normalised
from bot.core.status import Status

STATUSES = ("open", *(s.value for s in Status))
MAX_SEARCH = 200


def parse(args: Mapping[str, str], severities: tuple[str, ...]) -> Filters:
    """Empty fields are no filter at all (a form submits every field)."""
    given = {key: value.strip() for key, value in args.items() if value.strip()}
    return Filters(
        status=_choice(given.get("status"), STATUSES, "status"),
        severity=_choice(given.get("severity", "").lower() or None, severities, "severity"),
        service=_service(given.get("service")),
        since=_date(given.get("since"), "since"),
        until=_date(given.get("until"), "until"),
        search=_search(given.get("q")),
        page=_page(given.get("page", "1")),
    )


def _choice(value: str | None, choices: tuple[str, ...], name: str) -> str | None:
    if value is not None and value not in choices:
        raise InvalidInput(f"{name} must be one of {', '.join(choices)}.")
    return value


def _service(value: str | None) -> str | None:
    if value is None:
        return None
    name = normalised(value)
    if name is None:
        raise InvalidInput("service must be a service name: lowercase letters, digits, `.`, `_` or `-`.")
    return name


def _date(value: str | None, name: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise InvalidInput(f"{name} must be a date written YYYY-MM-DD.") from None


def _search(value: str | None) -> str | None:
    if value is not None and len(value) > MAX_SEARCH:
        raise InvalidInput(f"The search is {len(value)} characters long; keep it to {MAX_SEARCH}.")
    return value


def _page(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise InvalidInput("page must be a whole number from 1.")
    return int(value)
