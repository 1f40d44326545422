"""An iCalendar feed read into a Roster. `icalendar` parses the file; `recurring-ical-events` expands
RRULE rotations with their EXDATE and RECURRENCE-ID overrides. All-day events and floating times are
read in the schedule's time zone, else the calendar's own (X-WR-TIMEZONE), else UTC.

Each event names its person, first found of: a Slack user ID in its summary or description (`<@U…>`
or a bare `U…`/`W…` with a digit), its attendee's e-mail (PagerDuty writes `ATTENDEE:alice@…`, Google
`mailto:`; the organizer is skipped), an e-mail in its summary or description. Events naming nobody,
and cancelled ones, cover nothing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events

from bot.core.feeds.roster import Cover, Roster

SLACK_ID = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>|\b([UW](?=[A-Z]*[0-9])[A-Z0-9]{2,})\b")
EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


class FeedError(ValueError):
    """The feed is not a calendar we can use; the message says why, for `/incident oncall` and the log."""


def read_calendar(body: bytes, zone: str | None, start: datetime, end: datetime) -> Roster:
    """Who is on call between `start` and `end` (UTC), by the feed's events."""
    calendar = _parsed(body)
    local = _zone(zone or str(calendar.get("X-WR-TIMEZONE", "")) or "UTC")
    try:
        events = recurring_ical_events.of(calendar).between(start, end)
    except Exception as error:  # a rule the expander refuses: the whole feed is unusable, say why
        raise FeedError(f"its events can't be expanded ({type(error).__name__}: {error})") from None
    covers = (_cover(event, local, order) for order, event in enumerate(events))
    return Roster([cover for cover in covers if cover is not None])


def _parsed(body: bytes) -> icalendar.Calendar:
    try:
        calendar = icalendar.Calendar.from_ical(body)
    except Exception as error:  # icalendar raises ValueError, KeyError, IndexError… on garbage
        raise FeedError(f"is not an iCalendar file ({type(error).__name__}: {str(error)[:120]})") from None
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise FeedError("is not an iCalendar file (no VCALENDAR)")
    return calendar


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _cover(event: Any, zone: tzinfo, order: int) -> Cover | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    person = person_in(event)
    starts, ends = _instant(event.start, zone), _instant(event.end, zone)
    if person is None or ends <= starts:
        return None
    return Cover(person, starts, ends, order)


def _instant(value: date | datetime, zone: tzinfo) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def person_in(event: Any) -> str | None:
    """The Slack user ID or e-mail the event names, by the order in the module's docstring."""
    words = f"{event.get('SUMMARY', '')}\n{event.get('DESCRIPTION', '')}"
    if match := SLACK_ID.search(words):
        return match.group(1) or match.group(2)
    if attendee := _attendee(event):
        return attendee
    found = EMAIL.search(words)
    return found.group(0) if found else None


def _attendee(event: Any) -> str | None:
    attendees = event.get("ATTENDEE", [])
    organizer = _address(event.get("ORGANIZER", ""))
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        address = _address(attendee)
        if address and address != organizer:
            return address
    return None


def _address(value: Any) -> str | None:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text if EMAIL.fullmatch(text) else None
