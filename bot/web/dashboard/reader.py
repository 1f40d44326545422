"""Who is reading: the signed-in Slack user. The one place the dashboard learns it, so the views
never touch the session themselves."""

from __future__ import annotations

from flask import abort, g


def reader_id() -> str:
    user_id = getattr(g, "viewer_id", None)
    if not user_id:
        abort(401)
    return str(user_id)
