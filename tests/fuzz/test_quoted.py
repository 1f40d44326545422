"""`kit.quoted`, the escape-and-shorten for outside text with a length budget (the catch-up's last
update and action items): for any input it fits, stays an escape of what was written, and cuts
between escapes, never inside one, and never much shorter than the budget."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.slack.blocks.kit import quoted
from bot.slack.mrkdwn import escape
from tests.fuzz.test_mrkdwn import TEXT

ENTITY = re.compile(r"&(?!amp;|lt;|gt;)")


@given(TEXT, st.integers(min_value=6, max_value=120))
def test_quoted_text_fits_and_cuts_between_escapes(text: str, limit: int) -> None:
    shown = quoted(text, limit)
    assert len(shown) <= limit
    if len(escape(text)) <= limit:
        assert shown == escape(text)
        return
    assert shown.endswith("…") and not ENTITY.search(shown)
    assert any(escape(text[:kept]) == shown[:-1] for kept in range(len(text)))
    assert len(shown) >= limit - 5  # an escape is at most five characters: nothing dropped needlessly
