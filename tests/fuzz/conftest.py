"""Hypothesis profiles: `ci` (the default) is derandomized, so a CI run tries the same inputs
every time and a failure reproduces; `explore` (HYPOTHESIS_PROFILE=explore) tries many more,
random ones, for a local hunt. Neither writes an example database into the checkout."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("explore", parent=settings.get_profile("ci"), derandomize=False, max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
