"""Golden files of rendered drafts (tests/core/golden/*.md), one per kind of incident, on both
databases. After a deliberate change to the template, regenerate them and read each diff by eye:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/core/test_postmortem_golden.py -p no:cacheprovider
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType

import pytest
from sqlalchemy import Engine

from bot.core import lifecycle
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.policy.model import Policy, Slo
from bot.core.postmortem import Postmortems
from bot.rendering import TemplateSet
from tests.core.factory import BOB
from tests.core.postmortem_scenarios import GOLDEN

GOLDEN_DIR = Path(__file__).parent / "golden"
POSTMORTEMS = Postmortems(TemplateSet())
OPEN_AT_THE_END = {"missing_milestones"}  # rendered on demand, as the CLI does for an open incident
POLICY = Policy(slo=MappingProxyType({"payments": Slo(0.999, timedelta(days=30))}))


@pytest.fixture
def desk(engine: Engine, clock: ManualClock) -> Desk:
    """A policy with an SLO for payments (the multi-day incident's first service), none for the others."""
    return Desk(engine, clock, policy=POLICY)


def rendered(desk: Desk, clock: ManualClock, scenario: str) -> str:
    names = GOLDEN[scenario](desk, clock)
    if scenario in OPEN_AT_THE_END:
        return desk.read(lambda tx: POSTMORTEMS.render(tx, tx.incident(1), names))
    desk.run(lifecycle.close, 1, BOB, POSTMORTEMS, names)
    return desk.read(POSTMORTEMS.draft, 1)


@pytest.mark.parametrize("scenario", sorted(GOLDEN))
def test_the_draft_matches_its_golden_file(desk: Desk, clock: ManualClock, scenario: str) -> None:
    document = rendered(desk, clock, scenario)
    golden = GOLDEN_DIR / f"{scenario}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(document, encoding="utf-8")
    assert document == golden.read_text(encoding="utf-8"), f"{golden.name} differs; see the module docstring"
