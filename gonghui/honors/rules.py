"""Pure rules of the honours module: the front-line quota of a nomination round (一线比例).

No database access here, so that the rules can be property-tested.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings

# The minimum share of front-line workers (一线职工) among a round's nominations, per level
# sought. Localities differ: override with settings.GONGHUI_HONORS_FRONT_LINE_SHARE.
DEFAULT_FRONT_LINE_SHARE = {"provincial": "0.5", "national": "0.5"}


def front_line_minimum(level: str) -> Fraction:
    """The required front-line share for a level sought, from the setting or the default."""
    table = {**DEFAULT_FRONT_LINE_SHARE, **getattr(settings, "GONGHUI_HONORS_FRONT_LINE_SHARE", {})}
    return Fraction(str(table.get(level, "0")))


@dataclass(frozen=True)
class Quota:
    """The front-line figure of a set of nominations against the required share."""

    total: int
    front_line: int
    minimum: Fraction

    @property
    def share(self) -> Fraction:
        """The front-line share (0 when there are no nominations)."""
        return Fraction(self.front_line, self.total) if self.total else Fraction(0)

    @property
    def required(self) -> int:
        """The fewest front-line nominees the total needs."""
        return math.ceil(self.minimum * self.total)

    @property
    def shortfall(self) -> int:
        """How many more front-line nominees the set needs (0 when it meets the quota)."""
        return max(0, self.required - self.front_line)

    @property
    def met(self) -> bool:
        """True when the share is at least the minimum."""
        return self.shortfall == 0

    @property
    def share_percent(self) -> str:
        """The share as a percentage with one decimal, e.g. "44.4%"."""
        return f"{float(self.share) * 100:.1f}%"

    @property
    def minimum_percent(self) -> str:
        """The minimum as a percentage, e.g. "50%"."""
        return f"{float(self.minimum) * 100:g}%"

    def refusal(self, round_label: str) -> str:
        """The Chinese message that names the shortfall (empty when the quota is met)."""
        if self.met:
            return ""
        return (
            f"{round_label}：拟报送{self.total}名，其中一线职工{self.front_line}名，"
            f"占比{self.share_percent}，低于规定的{self.minimum_percent}；"
            f"按{self.total}名计一线职工至少应有{self.required}名，还差{self.shortfall}名，"
            "不能报送。请增补一线职工或退回非一线推荐对象后再报送。"
        )


def quota(total: int, front_line: int, minimum: Fraction) -> Quota:
    """The quota figure for `front_line` of `total` nominations against `minimum`."""
    if front_line < 0 or total < 0 or front_line > total:
        raise ValueError("一线职工人数应在0与推荐总数之间")
    return Quota(total, front_line, minimum)
