"""Findings of data comparison: flags left open too long (档案调整不及时).

A county is named when some of its flags have been open for more than 30 days as of the date:
the comparison found a contradiction and the archive has not been adjusted.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from gonghui.core.findings import Finding, Group
from gonghui.matching.figures import OVERDUE_DAYS, county_summary
from gonghui.matching.models import Flag
from gonghui.orgs.models import Org

KIND_OVERDUE = "matching.flags_not_adjusted"


def findings(org: Org, as_of: date) -> list[Finding]:
    """One finding naming every county with flags open more than 30 days, if any."""
    rows = [row for row in county_summary(Flag.objects.in_org(org), as_of) if row["overdue"]]
    if not rows:
        return []
    rows.sort(key=lambda row: (-row["overdue"], row["county"]))
    total = sum(row["overdue"] for row in rows)
    detail = "，".join(f"{row['county']}{row['overdue']}条" for row in rows)
    return [
        Finding(
            kind=KIND_OVERDUE,
            group=Group.UNEVEN,
            title=f"比对疑点处理不及时：{total}条疑点超过{OVERDUE_DAYS}天未核实处理（{detail}）",
            orgs=[row["county"] for row in rows],
            url=reverse("matching:summary") + "?" + urlencode({"as_of": as_of.isoformat()}),
        )
    ]
