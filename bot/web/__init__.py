"""The web side: the dashboard behind Sign in with Slack and the public status page. An adapter
beside bot/slack and bot/alerts: a Flask app on the bot's own listener (bot/server.py hands it every
path its machine routes do not match), reading the same core."""

from bot.web.app import create_app
from bot.web.context import WebContext

__all__ = ["WebContext", "create_app"]
