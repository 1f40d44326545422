"""Who is reading: the signed-in Slack user. The one place the dashboard learns it, so the views
never touch the session themselves."""

from __future__ import annotations

from bot.web.auth import viewer


def reader_id() -> str:
    return viewer().user_id
