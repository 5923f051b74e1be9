"""Problems the honours records show by themselves (发现的问题), with the counties named."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse

from gonghui.core.findings import Finding, Group
from gonghui.honors.actions import round_label, round_quota
from gonghui.honors.models import (
    PROVINCIAL_AND_UP,
    ModelWorker,
    ModelWorkerVisit,
    Nomination,
    NominationStatus,
    Studio,
)
from gonghui.orgs.models import Level, Org


def counties_in(org: Org, as_of: date) -> list[Org]:
    """The county-level unions the org covers (itself when it is one), in code order."""
    if org.level == Level.COUNTY:
        return [org]
    return list(
        Org.objects.subtree(org)
        .active_on(as_of)
        .filter(level=Level.COUNTY)
        .order_by("admin_code", "pk")
    )


def _county_by_path(counties: list[Org], path: str) -> Org | None:
    for county in counties:
        if any(path.startswith(prefix) for prefix in county.scope_paths()):
            return county
    return None


def not_visited(org: Org, as_of: date) -> list[Finding]:
    """Provincial-and-up model workers with no visit (走访看望) this year, per county."""
    counties = counties_in(org, as_of)
    visited = ModelWorkerVisit.objects.filter(
        model_worker=OuterRef("pk"),
        visited_on__gte=date(as_of.year, 1, 1),
        visited_on__lte=as_of,
    )
    paths = (
        ModelWorker.objects.in_org(org)
        .filter(awarded_on__lte=as_of, level__in=PROVINCIAL_AND_UP)
        .filter(~Exists(visited))
        .values_list("org__path", flat=True)
    )
    per_county: Counter[int] = Counter()
    named: dict[int, Org] = {}
    for path in paths:
        county = _county_by_path(counties, path)
        if county is not None:
            per_county[county.pk] += 1
            named[county.pk] = county
    if not per_county:
        return []
    ordered = [c for c in counties if c.pk in per_county]
    parts = "、".join(f"{c.display_name}{per_county[c.pk]}名" for c in ordered)
    total = sum(per_county.values())
    return [
        Finding(
            kind="honors.not_visited",
            group=Group.PRESSURE,
            title=f"截至{as_of.year}年{as_of.month}月{as_of.day}日，{total}名省级以上劳模今年尚未走访看望：{parts}",
            orgs=[c.display_name for c in ordered],
            url=f"{reverse('honors:model_workers')}?visited=no&as_of={as_of.isoformat()}",
        )
    ]


def no_studio(org: Org, as_of: date) -> list[Finding]:
    """Counties with no model-worker studio (劳模工作室) set up by the date."""
    counties = counties_in(org, as_of)
    paths = list(
        Studio.objects.in_org(org).filter(set_up_on__lte=as_of).values_list("org__path", flat=True)
    )
    missing = [
        c
        for c in counties
        if not any(p.startswith(prefix) for p in paths for prefix in c.scope_paths())
    ]
    if not missing:
        return []
    names = "、".join(c.display_name for c in missing)
    return [
        Finding(
            kind="honors.no_studio",
            group=Group.UNEVEN,
            title=f"{names}还没有劳模工作室",
            orgs=[c.display_name for c in missing],
            url=reverse("honors:studios"),
        )
    ]


def quota_short(org: Org, as_of: date) -> list[Finding]:
    """This year's unsent nomination rounds whose front-line share is below the quota (city only)."""
    if org.level != Level.CITY:
        return []
    rounds = (
        Nomination.objects.in_org(org)
        .filter(year=as_of.year, status=NominationStatus.ACCEPTED, reviewed_on__lte=as_of)
        .values_list("year", "level_sought")
        .distinct()
    )
    found = []
    for year, level in sorted(set(rounds)):
        figure = round_quota(org, year, level)
        if not figure.met:
            found.append(
                Finding(
                    kind="honors.front_line_short",
                    group=Group.PRESSURE,
                    title=(
                        f"{round_label(year, level)}一线职工占比{figure.share_percent}，"
                        f"低于{figure.minimum_percent}，还差{figure.shortfall}名"
                    ),
                    orgs=[org.display_name],
                    url=reverse("honors:round", args=[year, level]),
                )
            )
    return found


def findings(org: Org, as_of: date) -> list[Finding]:
    """Every honours finding for the org's subtree as of the date."""
    return [*not_visited(org, as_of), *no_studio(org, as_of), *quota_short(org, as_of)]
