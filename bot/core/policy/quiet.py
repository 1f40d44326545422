"""Quiet hours: when a non-paging reminder falls inside them, it waits until they end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.policy.model import QuietHours


def quiet_until(hours: QuietHours | None, moment: datetime) -> datetime | None:
    """The end of the quiet period `moment` falls in (UTC), or None outside quiet hours."""
    if hours is None or hours.start == hours.end:
        return None
    local = moment.astimezone(ZoneInfo(hours.timezone))
    now = local.time().replace(tzinfo=None)
    wraps = hours.start > hours.end  # 19:00 → 08:00 crosses midnight
    inside = (now >= hours.start or now < hours.end) if wraps else (hours.start <= now < hours.end)
    if not inside:
        return None
    end_day = local.date() + timedelta(days=1) if wraps and now >= hours.start else local.date()
    return datetime.combine(end_day, hours.end, ZoneInfo(hours.timezone)).astimezone(UTC)
