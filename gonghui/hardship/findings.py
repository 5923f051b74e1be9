"""Findings of hardship assistance: archives not reviewed or adjusted in time.

The speech: "困难职工档案调整不及时". A county is named when some of its open archives have had
no yearly review for more than a year as of the date.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from gonghui.core.findings import Finding, Group
from gonghui.hardship.models import Household
from gonghui.orgs.models import Org

KIND_OVERDUE = "hardship.archives_not_adjusted"


def overdue_by_county(org: Org, as_of: date) -> list[tuple[str, int, int]]:
    """(county name, overdue archives, open archives) for each county with overdue reviews."""
    overdue = dict(
        Household.objects.in_org(org)
        .review_overdue_on(as_of)
        .values_list("county__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not overdue:
        return []
    open_counts = dict(
        Household.objects.in_org(org)
        .open_on(as_of)
        .filter(county__name__in=list(overdue))
        .values_list("county__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [(name, n, open_counts.get(name, n)) for name, n in overdue.items()]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def findings(org: Org, as_of: date) -> list[Finding]:
    """One finding naming every county whose archives are overdue for review, if any."""
    rows = overdue_by_county(org, as_of)
    if not rows:
        return []
    total = sum(n for _, n, _ in rows)
    detail = "，".join(f"{name}{n}户" for name, n, _ in rows)
    url = (
        reverse("hardship:review_queue")
        + "?"
        + urlencode({"as_of": as_of.isoformat(), "status": "overdue"})
    )
    return [
        Finding(
            kind=KIND_OVERDUE,
            group=Group.UNEVEN,
            title=f"困难职工档案调整不及时：{total}户在档家庭超过一年未年审（{detail}）",
            orgs=[name for name, _, _ in rows],
            url=url,
        )
    ]
