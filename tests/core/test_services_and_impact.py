"""Service names and the impact share: the pure grammar behind `/incident service` and
`/incident impact`, and the core operation that names services once."""

from __future__ import annotations

import pytest

from bot.core import impact, incident_services, service_names
from bot.core.desk import Desk
from bot.core.errors import InvalidInput
from bot.core.impact import Impact
from tests.core.factory import ALICE, BOB, declare, events


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("checkout", ["checkout"]),
        (" Checkout,search  payments-api ", ["checkout", "search", "payments-api"]),
        ("api.v2,api_v2,,api.v2", ["api.v2", "api_v2"]),
        ("", []),
        ("a" * 80, ["a" * 80]),
    ],
)
def test_names_are_split_normalised_and_kept_once(raw: str, names: list[str]) -> None:
    assert service_names.parse_names(raw) == names


@pytest.mark.parametrize("raw", ["a" * 81, "check/out", "café", "<!channel>", "pay!"])
def test_other_names_are_refused_with_the_rule(raw: str) -> None:
    with pytest.raises(InvalidInput, match="is not a service name: use 1–80 lowercase letters"):
        service_names.parse_names(raw)


def test_at_most_20_services_at_once() -> None:
    with pytest.raises(InvalidInput, match="at most 20 services, not 21"):
        service_names.parse_names(" ".join(f"s{i}" for i in range(21)))


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("EU customers cannot pay", Impact("EU customers cannot pay", None)),
        ("25% of EU customers cannot pay", Impact("25% of EU customers cannot pay", 0.25)),
        ("12,5 % EU", Impact("12,5 % EU", 0.125)),
        ("100%", Impact(None, 1.0)),
        ("0.5%", Impact(None, 0.005)),
        ("25%off is a word", Impact("25%off is a word", None)),
    ],
)
def test_a_leading_share_sets_the_fraction(raw: str, parsed: Impact) -> None:
    assert impact.parse(raw) == parsed


@pytest.mark.parametrize("raw", ["150%", "-5% of users", "0%", "−5%", "100.1%"])
def test_shares_outside_the_range_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput, match="must be above 0% and at most 100%"):
        impact.parse(raw)


def test_adding_services_records_one_event_for_the_new_ones_only(desk: Desk) -> None:
    declare(desk)
    first = desk.run(incident_services.add, 1, "checkout search", ALICE)
    again = desk.run(incident_services.add, 1, "search, Checkout", BOB)
    assert first.incident.services == again.incident.services == ("checkout", "search")
    assert again.event is None and again.notice == "already listed"
    added = [(e.actor, e.text, e.data) for e in events(desk, 1) if e.kind == "service_added"]
    assert added == [(ALICE, "checkout, search", {"services": ["checkout", "search"]})]
