"""The `/incident` command table and the Bolt wiring: every subcommand of the README's command
reference exists, and every button and modal a builder emits reaches a registered listener."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.core.errors import IncidentError
from bot.core.policy import DEFAULT_POLICY
from bot.core.status import Status
from bot.runtime import Runtime
from bot.settings import Settings
from bot.slack import ids
from bot.slack.app import command_table
from bot.slack.blocks import modals
from bot.slack.blocks.card import card
from tests.slack.views import at, incident, texts

GRAMMAR = [
    "declare",
    "help",
    "list",
    "ack",
    "status",
    "severity",
    "commander",
    "deputy",
    "scribe",
    "comms",
    "sme",
    "relieve",
    "roles",
    "rename",
    "impact",
    "note",
    "timeline",
    "update",
    "resolve",
    "close",
    "cancel",
    "reopen",
]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The real Bolt app, assembled like `incident-bot run` does, never started."""
    database = tmp_path_factory.mktemp("app") / "incidents.db"
    settings = Settings(
        slack_bot_token="xoxb-x",
        slack_signing_secret="s",
        slack_api_url="http://127.0.0.1:9/api/",
        database_url=f"sqlite:///{database}",
    )
    runtime = Runtime(settings)
    yield runtime.app
    assert runtime.worker is not None
    runtime.worker.pool.shutdown()
    runtime.engine.dispose()


def matching(app: App, body: dict[str, Any]) -> int:
    """How many registered listeners would handle this payload (nothing runs)."""
    request = BoltRequest(body=body, mode="socket_mode")
    return sum(listener.matches(req=request, resp=BoltResponse(status=200)) for listener in app._listeners)


def block_action(action_id: str) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": "T0001"},
        "user": {"id": "U0ALICE"},
        "channel": {"id": "C0INC1"},
        "trigger_id": "1.2.abc",
        "actions": [{"type": "button", "action_id": action_id, "block_id": "card-actions", "value": "1"}],
    }


def view_submission(callback_id: str) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": "T0001"},
        "user": {"id": "U0ALICE"},
        "view": {"id": "V1", "type": "modal", "callback_id": callback_id, "state": {"values": {}}},
    }


def emitted_action_ids(blocks: list[dict[str, Any]]) -> set[str]:
    """Action ids of elements that send block_actions: actions blocks, section accessories and
    inputs that dispatch."""
    found = set()
    for block in blocks:
        if block["type"] == "actions":
            found |= {e["action_id"] for e in block["elements"]}
        if "accessory" in block and "action_id" in block["accessory"]:
            found.add(block["accessory"]["action_id"])
        if block["type"] == "input" and block.get("dispatch_action"):
            found.add(block["element"]["action_id"])
    return found


def built_surfaces() -> tuple[set[str], set[str]]:
    cards = [
        card(incident(status=status, acknowledged_at=at(1) if status != Status.DECLARED else None, acknowledged_by="U"))
        for status in Status
    ]
    views = [
        modals.declare_modal(DEFAULT_POLICY, "U0ALICE", {}),
        modals.update_modal("INC-1", {"number": 1}),
        modals.role_modal("INC-1", {"number": 1}),
    ]
    actions = set().union(*(emitted_action_ids(c) for c in cards), *(emitted_action_ids(v["blocks"]) for v in views))
    return actions, {v["callback_id"] for v in views}


def test_every_button_the_builders_emit_has_exactly_one_listener(app: App) -> None:
    actions, _ = built_surfaces()

    assert actions >= {ids.ACKNOWLEDGE, ids.POST_UPDATE, ids.ASSIGN_ROLE, ids.RESOLVE}
    assert {a: matching(app, block_action(a)) for a in actions} == dict.fromkeys(actions, 1)


def test_every_modal_the_builders_emit_has_exactly_one_listener(app: App) -> None:
    _, callbacks = built_surfaces()

    assert callbacks == set(ids.VIEWS)
    assert {c: matching(app, view_submission(c)) for c in callbacks} == dict.fromkeys(callbacks, 1)


@pytest.mark.parametrize("action_id", ids.ACTIONS)
def test_every_declared_action_id_has_a_listener(app: App, action_id: str) -> None:
    assert matching(app, block_action(action_id)) == 1


@pytest.mark.parametrize("callback_id", ids.VIEWS)
def test_every_declared_view_has_a_listener(app: App, callback_id: str) -> None:
    assert matching(app, view_submission(callback_id)) == 1


def test_the_message_shortcut_and_the_command_have_listeners(app: App) -> None:
    shortcut = {
        "type": "message_action",
        "callback_id": ids.DECLARE_SHORTCUT,
        "team": {"id": "T0001"},
        "user": {"id": "U0ALICE"},
        "channel": {"id": "C0GENERAL"},
        "message": {"ts": "1.2", "text": "x"},
        "trigger_id": "t",
    }
    command = {"command": "/incident", "text": "help", "user_id": "U0ALICE", "team_id": "T0001", "channel_id": "C1"}
    assert matching(app, shortcut) == 1
    assert matching(app, command) == 1


def test_the_matcher_is_not_vacuous(app: App) -> None:
    assert matching(app, block_action("no_such_action")) == 0
    assert matching(app, view_submission("no_such_view")) == 0


def test_ids_are_unique() -> None:
    every = [*ids.ACTIONS, *ids.VIEWS, ids.DECLARE_SHORTCUT]
    assert len(every) == len(set(every))


# -- the command table -------------------------------------------------------------------------


@pytest.mark.parametrize("name", GRAMMAR)
def test_every_subcommand_of_the_grammar_exists(name: str) -> None:
    table = command_table()
    sub = table.find(name)

    assert sub is not None
    assert sub.usage.split()[0] == name
    assert table.find(name.upper()) is sub


def test_help_lists_every_subcommand_within_limits() -> None:
    blocks = command_table().help()
    shown = texts(blocks)

    for name in GRAMMAR:
        assert f"`/incident {name}" in shown, name
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks)


def test_help_is_a_subcommand_too() -> None:
    sub = command_table().find("help")

    assert sub is not None and not sub.needs_incident
    assert "`/incident declare" in texts(sub.run(None, ""))  # type: ignore[arg-type]


@pytest.mark.parametrize(("typo", "meant"), [("stauts", "status"), ("sevrity", "severity"), ("timline", "timeline")])
def test_unknown_suggests_the_nearest_subcommand(typo: str, meant: str) -> None:
    shown = texts(command_table().unknown(typo))

    assert f"`{typo}` is not an `/incident` subcommand" in shown
    assert f"Did you mean `/incident {meant}`?" in shown
    assert "`/incident declare" in shown, "the help follows"


def test_unknown_without_a_near_match_shows_help_only() -> None:
    shown = texts(command_table().unknown("xyzzy"))

    assert "Did you mean" not in shown
    assert "`/incident ack" in shown


def test_aliases_reach_their_subcommand() -> None:
    table = command_table()

    assert table.find("ic") is table.find("commander")
    assert table.find("acknowledge") is table.find("ack")
    assert table.find("sev") is table.find("severity")


def test_subcommands_that_work_anywhere() -> None:
    table = command_table()

    anywhere = {name for name in GRAMMAR if not table.find(name).needs_incident}
    assert anywhere == {"declare", "help", "list"}


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("status", "resolvd"),
        ("severity", "sev5"),
        ("commander", "bob"),
        ("sme", ""),
        ("relieve", "<#C1|general>"),
        ("note", "   "),
        ("update", ""),
        ("rename", "x" * 201),
        ("impact", " "),
        ("declare", "sev9 DB down"),
    ],
)
def test_bad_arguments_are_caught_before_anything_runs(name: str, args: str) -> None:
    with pytest.raises(IncidentError):
        command_table().find(name).check(args)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("status", "identified"),
        ("severity", "SEV1"),
        ("commander", "<@U0BOB|bob>"),
        ("sme", "@bob payments"),
        ("note", "rolled back"),
        ("declare", "sev2 DB down"),
        ("declare", ""),
        ("ack", ""),
        ("resolve", ""),
    ],
)
def test_good_arguments_pass_the_check(name: str, args: str) -> None:
    command_table().find(name).check(args)


def test_a_runtime_that_was_never_started_can_be_stopped(tmp_path) -> None:
    """`prepare()` can fail (bad token, missing announce channel) before `start()`; cleaning up
    must not then raise a second, confusing error."""
    runtime = Runtime(Settings(slack_bot_token="xoxb-x", database_url=f"sqlite:///{tmp_path / 'x.db'}"))

    runtime.stop()
