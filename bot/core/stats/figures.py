"""The figures a stats answer is made of: a key time's mean and median over the incidents that
recorded it, and a completion rate. Plain values, so any adapter can render them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class KeyTimeFigure:
    """`measured` of `total` incidents recorded the milestone; mean and median are over those only."""

    mean: timedelta | None
    median: timedelta | None
    measured: int
    total: int

    @classmethod
    def of(cls, measured: int, mean: float | None, median: float | None, total: int) -> KeyTimeFigure:
        """From seconds; no mean or median when no incident recorded the milestone."""
        if mean is None or median is None:
            return cls(None, None, 0, total)
        return cls(timedelta(seconds=mean), timedelta(seconds=median), measured, total)


@dataclass(frozen=True)
class Rate:
    """`done` of `of`; None when there is nothing to rate (never a made-up 0 % or 100 %)."""

    done: int
    of: int

    @property
    def share(self) -> float | None:
        return self.done / self.of if self.of else None
