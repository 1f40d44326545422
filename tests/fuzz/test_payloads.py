"""Request bodies under any input: `parse_payload` returns an object or says what is wrong, and
signed interactivity payloads of any shape sent through the running Bolt app get an answer
below 500 with no exception escaping a listener; forged signatures are refused before parsing."""

from __future__ import annotations

import json
import logging
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.slack import ids
from bot.slack.payload import FORM, JSON, BadPayload, parse_payload
from tests.support.harness import ALICE, Harness
from tests.support.signing import TEAM

SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
JSON_VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
)
CONTENT_TYPES = st.sampled_from([FORM, JSON, f"{FORM}; charset=utf-8", "text/plain", "", "APPLICATION/JSON"])
#: Values a button or form may carry: numbers of incidents that exist or not, and anything else.
VALUES = st.one_of(st.integers(-2, 5).map(str), st.text(max_size=12), st.none(), JSON_VALUE)


@given(st.binary(max_size=300), CONTENT_TYPES)
def test_any_body_parses_to_an_object_or_a_worded_refusal(raw: bytes, content_type: str) -> None:
    try:
        assert isinstance(parse_payload(raw, content_type), dict)
    except BadPayload as error:
        assert str(error)


@given(st.dictionaries(st.sampled_from(["type", "user", "actions", "view", "channel", "x"]), JSON_VALUE))
def test_any_json_payload_field_parses_or_is_refused(fields: dict) -> None:
    try:
        parsed = parse_payload(json.dumps({"payload": json.dumps(fields)}).encode(), JSON)
    except BadPayload:
        return
    assert parsed == {"payload": json.dumps(fields)}


def action(action_id: str, value: object) -> dict:
    return {"type": "button", "action_id": action_id, "block_id": "b", "value": value, "action_ts": "1.0"}


def block_actions(action_id: str, value: object, user: object, channel: object, extra: dict) -> dict:
    return {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": user,
        "api_app_id": "A0001",
        "trigger_id": "1.2.3",
        "channel": channel,
        "container": {"type": "message", "message_ts": "1.0"},
        "actions": [action(action_id, value)],
        **extra,
    }


def view_submission(callback_id: str, metadata: object, values: object, user: object) -> dict:
    view = {"id": "V1", "callback_id": callback_id, "private_metadata": metadata, "state": {"values": values}}
    return {"type": "view_submission", "team": {"id": TEAM}, "user": user, "api_app_id": "A0001", "view": view}


USERS = st.one_of(st.just({"id": ALICE}), st.builds(lambda u: {"id": u}, st.text(max_size=8)), JSON_VALUE)
CHANNELS = st.one_of(st.just({"id": "C0GENERAL"}), st.builds(lambda c: {"id": c}, st.text(max_size=8)), JSON_VALUE)
PAYLOADS = st.one_of(
    st.builds(
        block_actions,
        st.sampled_from(ids.ACTIONS),
        VALUES,
        USERS,
        CHANNELS,
        st.dictionaries(st.sampled_from(["message", "response_url", "view"]), JSON_VALUE, max_size=2),
    ),
    st.builds(
        view_submission,
        st.sampled_from(ids.VIEWS),
        st.one_of(st.text(max_size=30), st.builds(json.dumps, JSON_VALUE)),
        JSON_VALUE,
        USERS,
    ),
    st.dictionaries(st.sampled_from(["type", "user", "actions", "view", "callback_id", "channel"]), JSON_VALUE),
)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_signed_payloads_of_any_shape_never_break_the_app(bot: Harness, caplog: pytest.LogCaptureFixture) -> None:
    channel, _ = bot.declare("sev2 Fuzzing target")
    statuses: list[int] = []

    @settings(max_examples=settings.default.max_examples * 3 // 4)  # ci: 150
    @given(PAYLOADS)
    def send(payload: dict) -> None:
        answer = bot.send.interactive(payload)
        statuses.append(answer.status)
        assert answer.status < 500, (payload, answer.body)

    with caplog.at_level(logging.ERROR):
        send()
        time.sleep(1)  # the work after the ack finishes later
    escaped = [r for r in caplog.records if r.exc_info or "request failed" in r.getMessage()]
    assert escaped == [], [r.getMessage() for r in escaped]
    assert bot.fake.pins(channel), "the incident the buttons named is still whole"
    assert len(statuses) == settings.default.max_examples * 3 // 4


def test_forged_and_stale_signatures_are_refused(bot: Harness) -> None:
    payload = block_actions(ids.RESOLVE, "1", {"id": ALICE}, {"id": "C0GENERAL"}, {})
    forged = bot.send.interactive(payload, signed=False, headers={"X-Slack-Signature": "v0=" + "0" * 64})
    stale = bot.send.interactive(payload, timestamp=int(time.time()) - 3600)
    assert (forged.status, stale.status) == (401, 401)


def test_a_view_without_its_type_is_a_bad_request_not_a_crash(bot: Harness) -> None:
    """Found by fuzzing: Bolt's workflow-step matcher read `view["type"]` and answered 500."""
    answer = bot.send.interactive(
        view_submission(ids.UPDATE_MODAL, "{}", {}, {"id": ALICE}) | {"view": {"callback_id": ids.UPDATE_MODAL}}
    )
    assert answer.status == 400
    assert "view.type" in answer.body


def test_a_null_view_or_event_is_a_bad_request_not_a_crash(bot: Harness) -> None:
    """Found by fuzzing: Bolt's log of an unhandled request read `view.get(...)` on null."""
    assert bot.send.interactive({"type": "block_actions", "view": None}).status == 400
    assert bot.send.interactive({"type": "event_callback", "event": None}).status == 400


def test_envelope_fields_of_the_wrong_type_are_bad_requests(bot: Harness) -> None:
    """Found by fuzzing: `"user": false` reached Bolt (500), a list `response_url` reached the reply."""
    for payload in ({"type": "block_actions", "user": False}, {"type": "block_actions", "response_url": ["x"]}):
        assert bot.send.interactive(payload).status == 400, payload
