"""Findings (发现的问题): the problems the speech names, detected by rules over records.

Each module exposes `findings(org, as_of) -> list[Finding]` in its `findings.py`; the dashboard
and the briefing collect them and group them as the speech does.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Group:
    """The speech's three kinds of problem (二、存在的问题和不足)."""

    UNEVEN = "uneven"  # 工作快慢不均
    PRESSURE = "pressure"  # 工作加压不够
    INNOVATION = "innovation"  # 工作创新不多

    LABELS = {UNEVEN: "工作快慢不均", PRESSURE: "工作加压不够", INNOVATION: "工作创新不多"}


@dataclass(frozen=True)
class Finding:
    """One detected problem, naming the units concerned and linking to the records behind it."""

    kind: str  # e.g. "funds.below_schedule"
    group: str  # one of Group's values
    title: str  # a Chinese sentence, e.g. "清流县工会经费征缴仅完成年度计划的21%"
    orgs: list[str] = field(default_factory=list)  # names of the units concerned
    url: str = ""  # the list of records behind it
