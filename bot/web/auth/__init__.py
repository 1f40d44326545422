"""Sign in with Slack for the dashboard. A view that only members of the bot's workspace may see is
decorated with `signed_in` and asks `viewer()` who is looking; every form carries `csrf_token()` and
every POST is checked for it (bot/web/auth/csrf.py). Without the four settings the dashboard is off
and a signed-in-only view says how to turn it on."""

from bot.web.auth.csrf import csrf_token
from bot.web.auth.guard import signed_in
from bot.web.auth.viewer import Viewer, viewer

__all__ = ["Viewer", "csrf_token", "signed_in", "viewer"]
