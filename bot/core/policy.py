"""The policy's `[alerts]` part, in the shape the policy module (issue 7) gives it.
Placeholder until that module is merged: it replaces this file with the loader and these classes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AlertRoute:
    match: Mapping[str, str] = field(default_factory=dict)
    match_re: Mapping[str, str] = field(default_factory=dict)
    action: str = "prompt"
    severity: str | None = None


@dataclass(frozen=True)
class AlertsPolicy:
    default_action: str = "prompt"
    prompt_channel: str | None = None
    watch_channels: tuple[str, ...] = ()
    auto_resolve: bool = False
    routes: tuple[AlertRoute, ...] = ()
