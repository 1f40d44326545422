"""response_url endpoints."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from tests.fakeslack import FakeSlack


def test_records_payloads(fake: FakeSlack) -> None:
    url = fake.response_url()
    webhook = WebhookClient(url)
    assert webhook.send(text="Working on it", response_type="ephemeral").body == "ok"
    assert webhook.send(text="Done", replace_original=True).status_code == 200
    assert [p["text"] for p in fake.responses(url)] == ["Working on it", "Done"]


def test_unknown_url_is_404(fake: FakeSlack) -> None:
    request = urllib.request.Request(
        f"{fake.base_url}/respond/nope",
        data=json.dumps({"text": "x"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    assert caught.value.code == 404
    caught.value.close()


def test_channel_bound_url_shows_effects(client: WebClient, fake: FakeSlack) -> None:
    cid = client.conversations_create(name="inc-respond")["channel"]["id"]
    ts = client.chat_postMessage(channel=cid, text="Declare?")["ts"]
    url = fake.response_url(channel=cid, user="U1", message_ts=ts)
    webhook = WebhookClient(url)
    webhook.send(text="just you")
    webhook.send(text="Declared!", replace_original=True)
    webhook.send(text="Everyone", response_type="in_channel")
    assert fake.ephemerals == [{"channel": cid, "user": "U1", "text": "just you", "blocks": None}]
    assert [m["text"] for m in fake.messages(cid)] == ["Declared!", "Everyone"]
