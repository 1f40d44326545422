"""What a Web API method handler receives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .params import Params
from .state import SlackState

if TYPE_CHECKING:
    from .socket_mode import SocketHub


@dataclass
class Ctx:
    """One API call: state (already locked), arguments, and server addresses."""

    state: SlackState
    params: Params
    base_url: str
    hub: SocketHub
    token: str | None = None  # for methods that check their own credentials (openid.*)


#: A method handler returns the success body without ``ok`` or raises SlackError.
Handler = Callable[[Ctx], dict[str, Any]]
