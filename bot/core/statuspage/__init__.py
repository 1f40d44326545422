"""The public status page's read model: which incidents the public may see and what of them.
An incident is public once it has a public update; private, drill and cancelled ones never are. Adapters
(bot/web/status) render what `read` returns and never see an incident row."""

from __future__ import annotations

from bot.core.statuspage.page import Component, PublicIncident, PublicUpdate, State, StatusPage
from bot.core.statuspage.reading import HISTORY, read

__all__ = ["HISTORY", "Component", "PublicIncident", "PublicUpdate", "State", "StatusPage", "read"]
