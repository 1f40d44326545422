"""Label regexes as Alertmanager reads them: RE2 syntax, anchored at both ends (`^(?:…)$`), matched in
time linear in the label's length. Python's `re` backtracks: `(a+)+` against 27 "a"s and "!" held a
listener thread for seconds, and every character doubled it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import re2

from bot.core.policy.quoting import shown

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would also write each refusal to stderr; the ValueError says it once
# RE2 reads UTF-8, and a lone surrogate (JSON allows `\ud800`) cannot be encoded: it becomes U+FFFD,
# which only `.` or a negated class can match, as in Alertmanager after Go decodes the JSON.
_SURROGATES = dict.fromkeys(range(0xD800, 0xE000), "\ufffd")


@dataclass(frozen=True)
class LabelPattern:
    """One `match_re` value: the text as written (what `check-policy` prints) and its compiled form."""

    source: str
    compiled: Any = field(compare=False, repr=False)

    def matches(self, value: str) -> bool:
        return self.compiled.search(value.translate(_SURROGATES)) is not None


def label_pattern(source: str) -> LabelPattern:
    """The pattern checked on its own first, so `a)|(b` is refused rather than re-read by the anchors."""
    _compile(source)
    return LabelPattern(source, _compile(f"^(?:{source})$"))


def _compile(pattern: str) -> Any:
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as error:
        reason = error.args[0].decode("utf-8", "replace") if error.args else "refused"
        raise ValueError(f"{shown(pattern)} is not an RE2 regular expression ({reason})") from None
