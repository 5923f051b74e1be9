"""Figures of the org tree: units per level and members (会员)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum

from gonghui.core.county_pass import tree_figures
from gonghui.core.indicators import indicator
from gonghui.orgs.models import Headcount, Level, Org, active_q, subtree_q


def units_at_level(org: Org, as_of: date, level: str) -> int:
    """Units of a level in the org's subtree that existed on the date."""
    units = Org.objects.subtree(org).active_on(as_of).filter(level=level).exclude(pk=org.pk)
    if level == Level.GRASSROOTS:  # a key figure: the city's pass keeps each county's
        return tree_figures("orgs.grassroots", org, as_of, units, "path", {"n": Count("pk")})["n"]
    return units.count()


def _records_units(level: str) -> Callable[[Org, date], QuerySet[Org]]:
    def records(org: Org, as_of: date) -> QuerySet[Org]:
        return Org.objects.subtree(org).active_on(as_of).filter(level=level).exclude(pk=org.pk)

    return records


def _records_headcounts(org: Org, as_of: date) -> QuerySet[Headcount]:
    """Each unit's latest headcount on the date (the rows `_latest_headcounts` sums)."""
    latest = (
        Headcount.objects.filter(org=OuterRef("org"), reported_on__lte=as_of)
        .order_by("-reported_on")
        .values("reported_on")[:1]
    )
    return Headcount.objects.filter(subtree_q(org, "org"), active_q(as_of, "org__")).filter(
        reported_on=Subquery(latest)
    )


UNITS = {
    "records_url": "org_tree",
    "columns": (
        ("name", "名称"),
        ("parent__name", "上级工会"),
        ("admin_code", "行政区划代码"),
        ("established_on", "成立日期"),
    ),
}
HEADCOUNT_COLUMNS = (
    ("org__name", "工会"),
    ("reported_on", "填报日期"),
    ("members", "会员人数"),
    ("front_line", "一线职工会员人数"),
)


@indicator(
    "orgs.county_units",
    "县（市、区）级工会数",
    "个",
    records=_records_units(Level.COUNTY),
    **UNITS,
)
def county_units(org: Org, as_of: date) -> int:
    return units_at_level(org, as_of, Level.COUNTY)


@indicator(
    "orgs.township_units",
    "乡镇（街道、园区）工会数",
    "个",
    records=_records_units(Level.TOWNSHIP),
    **UNITS,
)
def township_units(org: Org, as_of: date) -> int:
    return units_at_level(org, as_of, Level.TOWNSHIP)


@indicator(
    "orgs.grassroots_units",
    "基层工会数",
    "个",
    records=_records_units(Level.GRASSROOTS),
    **UNITS,
)
def grassroots_units(org: Org, as_of: date) -> int:
    return units_at_level(org, as_of, Level.GRASSROOTS)


def _latest_headcounts(org: Org, as_of: date) -> dict[str, int]:
    return tree_figures(
        "orgs.headcounts",
        org,
        as_of,
        _records_headcounts(org, as_of),
        "org__path",
        {"members": Sum("members"), "front_line": Sum("front_line")},
    )


@indicator(
    "orgs.members",
    "工会会员人数",
    "人",
    records=_records_headcounts,
    columns=HEADCOUNT_COLUMNS,
    records_sum="members",
)
def members(org: Org, as_of: date) -> int:
    return _latest_headcounts(org, as_of)["members"]


@indicator(
    "orgs.front_line_members",
    "一线职工会员人数",
    "人",
    records=_records_headcounts,
    columns=HEADCOUNT_COLUMNS,
    records_sum="front_line",
)
def front_line_members(org: Org, as_of: date) -> int:
    return _latest_headcounts(org, as_of)["front_line"]
