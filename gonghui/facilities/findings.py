"""Facility problems the speech names: construction with no movement for months (没有动静)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from gonghui.core.findings import Finding, Group
from gonghui.facilities import queries
from gonghui.orgs.counties import counties_under
from gonghui.orgs.models import Org


def findings(org: Org, as_of: date, months: int = queries.NO_MOVEMENT_MONTHS) -> list[Finding]:
    """Counties under the org with a project whose stage has not changed for `months` months."""
    stalled = list(
        queries.projects_as_of(as_of)
        .in_org(org)
        .filter(queries.no_movement_q(as_of, months))
        .select_related("org")
    )
    counties = counties_under(org, as_of)
    names: list[str] = []
    for county in counties:
        here = [p for p in stalled if p.org.path.startswith(county.path)]
        if here:
            names.append(county.name)
    if not names:
        return []
    short = {c.name: c.display_name for c in counties}
    return [
        Finding(
            kind="facilities.no_movement",
            group=Group.UNEVEN,
            title=f"{len(names)}个县（市、区）的阵地建设项目{months}个月以上没有进展："
            + "、".join(short[n] for n in names),
            orgs=names,
            url=f"{reverse('facilities:projects')}?as_of={as_of.isoformat()}&stalled=1",
        )
    ]
