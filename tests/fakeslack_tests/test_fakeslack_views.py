"""views.* with trigger ids that expire."""

from __future__ import annotations

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fakeslack import FakeSlack, make_trigger_id


def _modal(**overrides: object) -> dict:
    view = {
        "type": "modal",
        "callback_id": "declare",
        "title": {"type": "plain_text", "text": "Declare incident"},
        "submit": {"type": "plain_text", "text": "Declare"},
        "blocks": [
            {
                "type": "input",
                "block_id": "title",
                "label": {"type": "plain_text", "text": "Title"},
                "element": {"type": "plain_text_input", "action_id": "v"},
            }
        ],
    }
    view.update(overrides)
    return view


def test_open_and_update(client: WebClient, fake: FakeSlack, slack_error) -> None:
    view = client.views_open(trigger_id=fake.trigger_id(), view=_modal())["view"]
    assert view["id"].startswith("V") and view["hash"] and fake.views[view["id"]]["callback_id"] == "declare"
    updated = client.views_update(view_id=view["id"], hash=view["hash"], view=_modal(callback_id="v2"))["view"]
    assert updated["id"] == view["id"] and updated["hash"] != view["hash"]
    assert fake.views[view["id"]]["callback_id"] == "v2"
    assert slack_error(client.views_update, view_id=view["id"], hash=view["hash"], view=_modal()) == "hash_conflict"
    assert slack_error(client.views_update, view_id="V404", view=_modal()) == "not_found"


def test_update_by_external_id(client: WebClient, fake: FakeSlack) -> None:
    client.views_open(trigger_id=fake.trigger_id(), view=_modal(external_id="inc-7"))
    view = client.views_update(external_id="inc-7", view=_modal(external_id="inc-7", private_metadata="x"))["view"]
    assert fake.views[view["id"]]["private_metadata"] == "x"


def test_trigger_rules(client: WebClient, fake: FakeSlack, slack_error) -> None:
    assert slack_error(client.views_open, trigger_id="12345.678.abc", view=_modal()) == "invalid_trigger_id"
    stale = make_trigger_id(time.time() - 3.5)
    assert slack_error(client.views_open, trigger_id=stale, view=_modal()) == "expired_trigger_id"
    assert slack_error(client.views_push, trigger_id=stale, view=_modal()) == "expired_trigger_id"
    trigger = make_trigger_id()
    client.views_open(trigger_id=trigger, view=_modal())
    assert slack_error(client.views_open, trigger_id=trigger, view=_modal()) == "exchanged_trigger_id"
    assert client.views_push(trigger_id=fake.trigger_id(), view=_modal())["ok"]


def test_short_ttl_expires_in_real_time() -> None:
    with FakeSlack(trigger_ttl=0.05) as fake:
        client = WebClient(base_url=fake.api_url, token="xoxb-test")
        trigger = fake.trigger_id()
        time.sleep(0.1)
        with pytest.raises(SlackApiError) as caught:
            client.views_open(trigger_id=trigger, view=_modal())
        assert caught.value.response["error"] == "expired_trigger_id"


@pytest.mark.parametrize(
    ("overrides", "pointer"),
    [
        ({"title": {"type": "plain_text", "text": "t" * 25}}, "/view/title/text"),
        ({"submit": {"type": "plain_text", "text": "s" * 25}}, "/view/submit/text"),
        ({"close": {"type": "plain_text", "text": "c" * 25}}, "/view/close/text"),
        ({"blocks": [{"type": "divider"}] * 101}, "/view/blocks"),
        ({"callback_id": "c" * 256}, "/view/callback_id"),
        ({"private_metadata": "p" * 3001}, "/view/private_metadata"),
    ],
)
def test_view_validation(client: WebClient, fake: FakeSlack, overrides: dict, pointer: str) -> None:
    with pytest.raises(SlackApiError) as caught:
        client.views_open(trigger_id=fake.trigger_id(), view=_modal(**overrides))
    response = caught.value.response
    assert response["error"] == "invalid_arguments"
    assert any(f"[json-pointer:{pointer}]" in m for m in response["response_metadata"]["messages"])
    assert fake.views == {}


def test_view_limits_are_inclusive(client: WebClient, fake: FakeSlack) -> None:
    view = _modal(
        title={"type": "plain_text", "text": "t" * 24},
        private_metadata="p" * 3000,
        blocks=[{"type": "divider"}] * 100,
        submit=None,
    )
    assert client.views_open(trigger_id=fake.trigger_id(), view=view)["ok"]
