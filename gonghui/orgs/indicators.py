"""Figures of the org tree: units per level and members (会员)."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Subquery, Sum

from gonghui.core.indicators import indicator
from gonghui.orgs.models import Headcount, Level, Org, active_q, subtree_q


def units_at_level(org: Org, as_of: date, level: str) -> int:
    """Units of a level in the org's subtree that existed on the date."""
    return Org.objects.subtree(org).active_on(as_of).filter(level=level).exclude(pk=org.pk).count()


@indicator("orgs.county_units", "县（市、区）级工会数", "个", records_url="org_tree")
def county_units(org: Org, as_of: date) -> int:
    return units_at_level(org, as_of, Level.COUNTY)


@indicator("orgs.township_units", "乡镇（街道、园区）工会数", "个", records_url="org_tree")
def township_units(org: Org, as_of: date) -> int:
    return units_at_level(org, as_of, Level.TOWNSHIP)


@indicator("orgs.grassroots_units", "基层工会数", "个", records_url="org_tree")
def grassroots_units(org: Org, as_of: date) -> int:
    return units_at_level(org, as_of, Level.GRASSROOTS)


def _latest_headcounts(org: Org, as_of: date) -> dict[str, int]:
    latest = (
        Headcount.objects.filter(org=OuterRef("org"), reported_on__lte=as_of)
        .order_by("-reported_on")
        .values("reported_on")[:1]
    )
    totals = (
        Headcount.objects.filter(subtree_q(org, "org"), active_q(as_of, "org__"))
        .filter(reported_on=Subquery(latest))
        .aggregate(members=Sum("members"), front_line=Sum("front_line"))
    )
    return {key: int(value or 0) for key, value in totals.items()}


@indicator("orgs.members", "工会会员人数", "人")
def members(org: Org, as_of: date) -> int:
    return _latest_headcounts(org, as_of)["members"]


@indicator("orgs.front_line_members", "一线职工会员人数", "人")
def front_line_members(org: Org, as_of: date) -> int:
    return _latest_headcounts(org, as_of)["front_line"]
