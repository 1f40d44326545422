from __future__ import annotations

import pytest

from bot.core import dedupe
from bot.core.desk import Desk
from tests.support.concurrency import all_at_once


def test_a_key_is_new_only_the_first_time(desk: Desk) -> None:
    assert desk.run(dedupe.first_time, "event:Ev01") is True
    assert desk.run(dedupe.first_time, "event:Ev01") is False
    assert desk.run(dedupe.first_time, "event:Ev02") is True


def test_a_long_key_is_remembered_too(desk: Desk) -> None:
    """Keys are stored cut to the column's 160 characters; looking one up must find it again."""
    key = "view:" + "V" * 300

    assert desk.run(dedupe.first_time, key) is True
    assert desk.run(dedupe.first_time, key) is False


def test_a_rolled_back_request_is_not_remembered(desk: Desk) -> None:
    def handle_then_fail(tx):
        dedupe.first_time(tx, "event:Ev03")
        raise RuntimeError("the work failed")

    with pytest.raises(RuntimeError):
        desk.run(handle_then_fail)

    assert desk.run(dedupe.first_time, "event:Ev03") is True


def test_concurrent_twins_see_exactly_one_first_time(desk: Desk) -> None:
    results = all_at_once(6, lambda _: desk.run(dedupe.first_time, "event:EvTwin"))

    assert sorted(results) == [False] * 5 + [True]
