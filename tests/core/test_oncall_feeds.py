"""On-call read from calendars, without a server: PagerDuty's and Google's export shapes, overrides,
an all-day event and both DST changes (America/New_York and Europe/Berlin); the interval index; and the
policy keys check-policy reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.feeds.calendar import FeedError, read_calendar
from bot.core.feeds.roster import Cover, Roster
from bot.core.policy import PolicyError, load_policy

HERE = Path(__file__).parent / "feeds"
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def roster(name: str, zone: str | None = None) -> Roster:
    return read_calendar((HERE / name).read_bytes(), zone, *WINDOW)


def who(r: Roster, moment: datetime) -> str | None:
    shift = r.at(moment)
    return shift.user if shift else None


def test_a_google_weekly_rotation_hands_off_at_nine_new_york_time_across_both_dst_changes() -> None:
    google = roster("google.ics")
    assert who(google, utc(2026, 3, 9, 12, 59)) == "bob@example.com"  # 08:59 EDT, the day after spring forward
    assert who(google, utc(2026, 3, 9, 13)) == "alice@example.com"  # 09:00 EDT
    assert google.at(utc(2026, 3, 9, 13)).starts == utc(2026, 3, 9, 13)  # type: ignore[union-attr]
    assert who(google, utc(2026, 11, 2, 13, 59)) == "bob@example.com"  # 08:59 EST, the day after fall back
    assert who(google, utc(2026, 11, 2, 14)) == "alice@example.com"


def test_google_overrides_are_just_more_events() -> None:
    google = roster("google.ics")
    assert who(google, utc(2026, 3, 25, 12)) == "carol@example.com", "EXDATE on Alice's week, Carol's event over it"
    assert who(google, utc(2026, 3, 30, 14)) is None, "Bob's moved shift (RECURRENCE-ID) starts at noon"
    assert who(google, utc(2026, 3, 30, 16)) == "bob@example.com"
    assert who(google, utc(2026, 4, 15, 15)) == "bob@example.com", "a cancelled event covers nothing"


def test_an_all_day_event_covers_the_day_in_the_calendar_s_zone_and_names_a_slack_id() -> None:
    google = roster("google.ics")
    assert who(google, utc(2026, 4, 8, 3, 59)) == "alice@example.com"
    assert who(google, utc(2026, 4, 8, 4)) == "U0DAVE"  # midnight EDT
    assert who(google, utc(2026, 4, 9, 4)) == "alice@example.com"
    assert who(roster("google.ics", "Europe/Berlin"), utc(2026, 4, 7, 22)) == "U0DAVE", "the schedule's zone wins"


def test_a_pagerduty_export_one_event_per_shift_across_berlin_s_dst_changes() -> None:
    pagerduty = roster("pagerduty.ics")
    assert who(pagerduty, utc(2026, 3, 28, 7, 59)) == "alice@example.com"  # 08:59 CET
    assert who(pagerduty, utc(2026, 3, 28, 8)) == "bob@example.com"
    assert who(pagerduty, utc(2026, 3, 29, 7)) == "alice@example.com"  # 09:00 CEST
    assert who(pagerduty, utc(2026, 3, 29, 13)) == "carol@example.com", "the override PagerDuty split out"
    assert who(pagerduty, utc(2026, 10, 25, 7, 59)) == "bob@example.com"  # 08:59 CET, hours after falling back
    assert who(pagerduty, utc(2026, 10, 25, 8)) == "alice@example.com"
    assert pagerduty.after(utc(2026, 3, 29, 8)) == pagerduty.at(utc(2026, 3, 29, 12))


def test_where_events_overlap_the_one_that_began_last_wins_and_handoffs_are_changes_of_person() -> None:
    week = Cover("U0ALICE", utc(2026, 1, 5), utc(2026, 1, 12), 0)
    evening = Cover("U0BOB", utc(2026, 1, 6, 18), utc(2026, 1, 6, 23), 1)
    same = Cover("U0ALICE", utc(2026, 1, 12), utc(2026, 1, 19), 2)
    r = Roster([same, evening, week])
    assert [(s.user, s.starts, s.ends) for s in r.shifts] == [
        ("U0ALICE", utc(2026, 1, 5), utc(2026, 1, 6, 18)),
        ("U0BOB", utc(2026, 1, 6, 18), utc(2026, 1, 6, 23)),
        ("U0ALICE", utc(2026, 1, 6, 23), utc(2026, 1, 19)),
    ]
    assert r.at(utc(2026, 1, 19)) is None and r.at(utc(2026, 1, 4)) is None


@pytest.mark.parametrize(
    "body", [b"", b"<html>Sign in</html>", b"BEGIN:VEVENT\r\nEND:VEVENT\r\n", b"BEGIN:VCALENDAR\n\x00"]
)
def test_garbage_is_refused_with_a_reason(body: bytes) -> None:
    with pytest.raises(FeedError, match="is not an iCalendar file"):
        read_calendar(body, None, *WINDOW)


def test_events_that_name_nobody_cover_nothing() -> None:
    event = "DTSTART:20260105T090000Z\r\nDTEND:20260106T090000Z\r\nSUMMARY:On call - UTC team"
    body = f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n{event}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".encode()
    assert read_calendar(body, None, *WINDOW).shifts == []


POLICY_FEED = """
[oncall.primary]
ical_file = "oncall.ics"
refresh = "5m"
fallback = ["U0DAVE", "lead@example.com"]
usergroup = "S0ONCALL"
"""


def test_the_policy_reads_a_feed_relative_to_the_policy_file(tmp_path: Path) -> None:
    (tmp_path / "oncall.ics").write_bytes((HERE / "google.ics").read_bytes())
    (tmp_path / "policy.toml").write_text(POLICY_FEED)
    schedule = load_policy(str(tmp_path / "policy.toml")).oncall["primary"]
    assert schedule.feed is not None and schedule.feed.path == str(tmp_path / "oncall.ics")
    assert schedule.feed.refresh == timedelta(minutes=5) and schedule.feed.stale_after == timedelta(minutes=15)
    assert schedule.feed.fallback == ("U0DAVE", "lead@example.com") and schedule.usergroup == "S0ONCALL"


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ('users = ["U0A"]', "oncall.primary.users: can't be used with ical/ical_file"),
        ('rotation = "weekly"', "oncall.primary.rotation: can't be used with ical/ical_file"),
        ('ical = "https://example.com/a.ics"', "oncall.primary.ical_file: can't be used with ical"),
        ('ical_typo = "x"', "oncall.primary.ical_typo: unknown key"),
    ],
)
def test_a_schedule_is_a_rotation_or_a_feed_never_both(tmp_path: Path, extra: str, problem: str) -> None:
    (tmp_path / "oncall.ics").write_text("")
    (tmp_path / "policy.toml").write_text(POLICY_FEED + extra + "\n")
    with pytest.raises(PolicyError, match=problem):
        load_policy(str(tmp_path / "policy.toml"))


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ('ical = "https://x.example/a.ics"', "fallback: is required"),
        ('ical = "https://x.example/a.ics"\nfallback = []', "fallback: is empty"),
        ('ical = "ftp://x.example/a.ics"\nfallback = ["U0A"]', "is not an http"),
        ('ical_file = "missing.ics"\nfallback = ["U0A"]', "'missing.ics' is not a file"),
        ('ical = "https://x.example/a.ics"\nfallback = ["U0A"]\nrefresh = "2d"', "out of range"),
        ('ical = "https://x.example/a.ics"\nfallback = ["U0A"]\nusergroup = "@oncall"', "not a user group ID"),
    ],
)
def test_feed_keys_are_checked(tmp_path: Path, table: str, problem: str) -> None:
    (tmp_path / "policy.toml").write_text(f"[oncall.primary]\n{table}\n")
    with pytest.raises(PolicyError, match=problem):
        load_policy(str(tmp_path / "policy.toml"))


def test_webcal_urls_are_read_over_https(tmp_path: Path) -> None:
    (tmp_path / "policy.toml").write_text(
        '[oncall.p]\nical = "webcal://acme.pagerduty.com/private/x/feed"\nfallback = ["U0A"]\n'
    )
    feed = load_policy(str(tmp_path / "policy.toml")).oncall["p"].feed
    assert feed is not None and feed.url == "https://acme.pagerduty.com/private/x/feed"
