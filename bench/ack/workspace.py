"""The fake Slack's workspace: declarers, bystanders, #general and the announce channel."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ack.remote import FakeHost

DECLARERS = ("U0ALICE", "U0BOB", "U0CAROL", "U0DAVE")


def seed_workspace(fake: FakeHost) -> str:
    """Declarers, a few bystanders, #general and the announce channel #incidents; returns #general."""
    for user_id in DECLARERS:
        name = user_id[3:].lower()
        fake.add_user(user_id, name, real_name=name.title(), email=f"{name}@example.com")
    for i in range(1, 9):
        fake.add_user(f"U0EXTRA{i}", f"extra{i}", real_name=f"Extra {i}")
    general = fake.add_channel("general", members=(*DECLARERS, "UBOT"))
    fake.add_channel("incidents", members=DECLARERS[:2])
    return general
