from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from bot.core import channel, incidents
from bot.core.desk import Desk
from tests.core.factory import ALICE, BOB, declare, outbox_rows


def test_attach_stores_the_channel_and_queues_what_needs_it(desk: Desk) -> None:
    incident = declare(desk).incident

    desk.run(channel.attach, incident.id, "C0INC1", "inc-1-checkout-is-failing", [ALICE, BOB], "https://r.test/1")

    view = desk.run(channel.by_id, incident.id)
    assert (view.channel_id, view.channel_name) == ("C0INC1", "inc-1-checkout-is-failing")
    assert desk.run(channel.owner_of, "C0INC1") == 1
    assert desk.run(incidents.by_channel, "C0INC1").number == 1
    queued = {r["kind"]: r["payload"] for r in outbox_rows(desk) if r["kind"] != "setup_channel"}
    assert queued["invite"] == {"users": [ALICE, BOB]}
    assert queued["reply_declared"] == {"reply_to": "https://r.test/1"}
    assert {"post_card", "announce_declared"} <= set(queued)
    assert all(r["incident_id"] == incident.id for r in outbox_rows(desk))


def test_attach_without_anyone_to_invite_queues_no_invite(desk: Desk) -> None:
    incident = declare(desk, by=None, source="alert").incident

    desk.run(channel.attach, incident.id, "C0INC1", "inc-1-x", [], None)

    assert outbox_rows(desk, "invite") == []


def test_a_channel_belongs_to_one_incident(desk: Desk) -> None:
    first = declare(desk, "First").incident
    second = declare(desk, "Second").incident
    desk.run(channel.attach, first.id, "C0INC1", "inc-1-first", [], None)

    with pytest.raises(IntegrityError):
        desk.run(channel.attach, second.id, "C0INC1", "inc-2-second", [], None)
    assert desk.run(channel.owner_of, "C0INC1") == 1


def test_unknown_channels_have_no_owner(desk: Desk) -> None:
    declare(desk)

    assert desk.run(channel.owner_of, "C0NOPE") is None
    assert desk.run(incidents.by_channel, "C0NOPE") is None


def test_remember_and_stored(desk: Desk) -> None:
    incident = declare(desk).incident

    desk.run(channel.remember, incident.id, card_ts="1.000100", topic="SEV3 · declared")
    desk.run(channel.remember, incident.id, announce_ts="2.000200")

    assert desk.run(channel.by_id, incident.id).card_ts == "1.000100"
    assert desk.run(channel.stored, incident.id, "topic") == "SEV3 · declared"
    assert desk.run(channel.stored, incident.id, "announce_ts") == "2.000200"
    assert desk.run(channel.stored, incident.id, "postmortem") is None
