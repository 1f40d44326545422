"""`manifest.yml` asks for exactly the scopes and events the code uses. The Web API methods come
from the source (every `client.<method>(` call), the listeners from their registrations; a call or
a listener that this table does not know fails here until its scope is written down."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Web API method (as slack_sdk spells it) → the bot scopes it needs, for public and private channels.
METHOD_SCOPES: dict[str, frozenset[str]] = {
    "auth_test": frozenset(),
    "bookmarks_add": frozenset({"bookmarks:write"}),
    "bookmarks_list": frozenset({"bookmarks:read"}),
    "chat_getPermalink": frozenset(),
    "chat_postEphemeral": frozenset({"chat:write"}),
    "chat_postMessage": frozenset({"chat:write"}),
    "chat_update": frozenset({"chat:write"}),
    "conversations_create": frozenset({"channels:manage", "groups:write"}),
    "conversations_history": frozenset({"channels:history", "groups:history", "im:history"}),  # DMs: pages
    "conversations_info": frozenset({"channels:read", "groups:read"}),
    "conversations_invite": frozenset({"channels:manage", "groups:write"}),
    "conversations_join": frozenset({"channels:join"}),
    "conversations_list": frozenset({"channels:read", "groups:read"}),
    "conversations_members": frozenset({"channels:read", "groups:read"}),
    "conversations_open": frozenset({"im:write"}),
    "conversations_setTopic": frozenset({"channels:manage", "groups:write"}),
    "files_completeUploadExternal": frozenset({"files:write"}),
    "files_getUploadURLExternal": frozenset({"files:write"}),
    "openid_connect_token": frozenset(),  # Sign in with Slack: the user scopes below, not the bot's
    "openid_connect_userInfo": frozenset(),
    "pins_add": frozenset({"pins:write"}),
    "reactions_add": frozenset({"reactions:write"}),
    "users_info": frozenset({"users:read"}),
    "users_list": frozenset({"users:read"}),
    "users_conversations": frozenset({"channels:read", "groups:read"}),  # the dashboard: a reader's private channels
    "users_lookupByEmail": frozenset({"users:read.email"}),
    "usergroups_users_list": frozenset({"usergroups:read"}),
    "usergroups_users_update": frozenset({"usergroups:write"}),
    "views_open": frozenset(),
}
# Bolt listener kind → scope; events also need their own scope and a manifest subscription.
LISTENER_SCOPES = {"command": "commands", "shortcut": "commands", "action": None, "view": None}
# Bolt event → the manifest's subscriptions for it (`message` is one per kind of channel) and their scopes.
EVENTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "reaction_added": (frozenset({"reaction_added"}), frozenset({"reactions:read"})),
    "reaction_removed": (frozenset({"reaction_removed"}), frozenset({"reactions:read"})),
    "message": (frozenset({"message.channels", "message.groups"}), frozenset({"channels:history", "groups:history"})),
    "member_joined_channel": (frozenset({"member_joined_channel"}), frozenset({"channels:read", "groups:read"})),
}


def _sources() -> str:
    return "\n".join(p.read_text() for p in (ROOT / "bot").rglob("*.py"))


def _manifest_list(key: str) -> set[str]:
    """The items of the YAML list under `key:` (the manifest is plain enough not to need a parser)."""
    lines = (ROOT / "manifest.yml").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{key}:")
    items = set()
    for line in lines[start + 1 :]:
        match = re.match(r"\s+- ([\w:.]+)", line)
        if not match:
            break
        items.add(match.group(1))
    return items


def _used_methods() -> set[str]:
    return set(re.findall(r"\bclient\.([a-z]+_\w+)\(", _sources()))


def _used_events() -> set[str]:
    return set(re.findall(r"\bapp\.event\(\"(\w+)\"\)", _sources()))


def test_every_web_api_call_has_its_scope_written_down() -> None:
    unknown = _used_methods() - set(METHOD_SCOPES)
    assert not unknown, f"add {sorted(unknown)} to METHOD_SCOPES with the scopes Slack documents, and to manifest.yml"


def test_every_event_listener_has_its_scope_written_down() -> None:
    unknown = _used_events() - set(EVENTS)
    assert not unknown, f"add {sorted(unknown)} to EVENTS and to manifest.yml's bot_events"
    kinds = set(re.findall(r"\bapp\.(command|shortcut|action|view|event|message|options)\(", _sources()))
    assert kinds - {"event"} <= set(LISTENER_SCOPES), kinds


def test_the_manifest_asks_for_exactly_the_scopes_used() -> None:
    sources = _sources()
    needed = set().union(*(METHOD_SCOPES[m] for m in _used_methods()))
    needed |= {s for kind, s in LISTENER_SCOPES.items() if s and re.search(rf"\bapp\.{kind}\(", sources)}
    needed |= set().union(*(EVENTS[e][1] for e in _used_events()))
    assert _manifest_list("bot") == needed


def test_the_manifest_subscribes_to_exactly_the_events_listened_to() -> None:
    assert _manifest_list("bot_events") == set().union(*(EVENTS[e][0] for e in _used_events()))


def test_each_event_has_one_listener() -> None:
    """Bolt runs only the first listener an event matches: a second `app.event("message")` would
    never hear a message (channel_messages.py gives every reader its own handler instead)."""
    registrations = re.findall(r"\bapp\.event\(\"(\w+)\"\)", _sources())
    assert sorted(registrations) == sorted(set(registrations))


def test_sign_in_with_slack_has_its_redirect_url_and_user_scopes() -> None:
    assert _manifest_list("user") == {"openid", "email", "profile"}
    manifest = (ROOT / "manifest.yml").read_text()
    assert "redirect_urls:\n    - https://incidents.example.com/auth/slack/callback " in manifest
