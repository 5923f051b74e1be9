"""Problems supervision detects by itself (发现的问题), for an org's subtree as of a date:
units behind schedule (and the spread between counties), plans with no follow-up, counties with
no innovation project, declining information submissions. The dashboard collects them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from gonghui.core.findings import Finding, Group
from gonghui.orgs.models import Level, Org, subtree_q
from gonghui.supervision import schedule
from gonghui.supervision.indicators import year_assignments
from gonghui.supervision.models import InfoSubmission, InnovationProject
from gonghui.supervision.progress import assess_assignments

SPREAD_WORTH_NAMING = 20.0  # points between the fastest and the slowest county


def _url(name: str, as_of: date, **params: object) -> str:
    query = {"as_of": as_of.isoformat(), **{k: v for k, v in params.items() if v}}
    return f"{reverse(name)}?{urlencode(query)}"


def counties_in(org: Org, as_of: date) -> list[Org]:
    """The county-level unions of the subtree (the org itself when it is one)."""
    if org.level == Level.COUNTY:
        return [org]
    return list(
        Org.objects.subtree(org)
        .active_on(as_of)
        .filter(level=Level.COUNTY)
        .order_by("admin_code", "pk")
    )


def _names(orgs: list[Org]) -> list[str]:
    return [o.display_name for o in orgs]


def findings(org: Org, as_of: date) -> list[Finding]:
    """Every supervision problem found for the org's subtree on the date."""
    counties = counties_in(org, as_of)
    result: list[Finding] = []
    result.extend(_schedule_findings(org, as_of, counties))
    result.extend(_innovation_findings(org, as_of, counties))
    result.extend(_submission_findings(org, as_of, counties))
    return result


def _schedule_findings(org: Org, as_of: date, counties: list[Org]) -> list[Finding]:
    units = assess_assignments(year_assignments(org, as_of), as_of)
    behind: dict[int, int] = defaultdict(int)
    silent: dict[int, int] = defaultdict(int)
    names: dict[int, str] = {}
    gaps: dict[int, list[float]] = defaultdict(list)
    for u in units:
        a = u.assignment
        names[a.org_id] = a.org.display_name
        if schedule.is_behind(u.assessment.status):
            behind[a.org_id] += 1
        if u.no_follow_up:
            silent[a.org_id] += 1
        if u.assessment.status is not schedule.Status.NOT_STARTED:
            county = next((c for c in counties if a.org.path.startswith(c.path)), None)
            if county is not None:
                gaps[county.pk].append(u.assessment.gap)
    found: list[Finding] = []
    if behind:
        ordered = sorted(behind, key=lambda k: (-behind[k], names[k]))
        found.append(
            Finding(
                kind="supervision.behind_schedule",
                group=Group.UNEVEN,
                title=f"{len(ordered)}个单位的{sum(behind.values())}项重点工作滞后于序时进度",
                orgs=[names[k] for k in ordered],
                url=_url("supervision:overview", as_of, status=schedule.Status.BEHIND.value),
            )
        )
    averages = {k: sum(v) / len(v) for k, v in gaps.items() if v}
    if len(averages) >= 2:
        spread = schedule.spread(averages.values())
        if spread.range >= SPREAD_WORTH_NAMING:
            by_id = {c.pk: c for c in counties}
            fast = max(averages, key=lambda k: averages[k])
            slow = min(averages, key=lambda k: averages[k])
            found.append(
                Finding(
                    kind="supervision.uneven_progress",
                    group=Group.UNEVEN,
                    title=(
                        f"各县（市、区）进度快慢不均：平均进度差距最大相差{spread.range:g}个百分点"
                        f"（{by_id[fast].display_name}{averages[fast]:+.1f}，"
                        f"{by_id[slow].display_name}{averages[slow]:+.1f}）"
                    ),
                    orgs=[by_id[slow].display_name, by_id[fast].display_name],
                    url=_url("supervision:league", as_of),
                )
            )
    if silent:
        ordered = sorted(silent, key=lambda k: (-silent[k], names[k]))
        found.append(
            Finding(
                kind="supervision.no_follow_up",
                group=Group.UNEVEN,
                title=f"{len(ordered)}个单位的{sum(silent.values())}项工作上期以来没有报告进展（有部署、无落实）",
                orgs=[names[k] for k in ordered],
                url=_url("supervision:overview", as_of, follow_up="none"),
            )
        )
    return found


def _innovation_findings(org: Org, as_of: date, counties: list[Org]) -> list[Finding]:
    if not counties:
        return []
    entered = set(
        InnovationProject.objects.filter(
            subtree_q(org, "org"), year=as_of.year, entered_on__lte=as_of
        ).values_list("org__path", flat=True)
    )
    missing = [c for c in counties if not any(p.startswith(c.path) for p in entered)]
    if not missing:
        return []
    return [
        Finding(
            kind="supervision.no_innovation_project",
            group=Group.INNOVATION,
            title=(
                f"{len(counties)}个县（市、区）中有{len(missing)}个尚未申报{as_of.year}年度创新项目"
            ),
            orgs=_names(missing),
            url=_url("supervision:innovation", as_of),
        )
    ]


def comparison_quarters(as_of: date) -> tuple[tuple[int, int], tuple[int, int]]:
    """The period to judge and the one before it: the as-of quarter when it is complete, else the
    last complete quarter."""
    year, quarter = schedule.quarter_of(as_of)
    if as_of != schedule.quarter_end(year, quarter):
        year, quarter = schedule.previous_quarter(year, quarter)
    return (year, quarter), schedule.previous_quarter(year, quarter)


def _submission_findings(org: Org, as_of: date, counties: list[Org]) -> list[Finding]:
    if not counties:
        return []
    (y, q), (py, pq) = comparison_quarters(as_of)
    now_start, before_end = schedule.quarter_start(y, q), schedule.quarter_end(py, pq)
    rows = (
        InfoSubmission.objects.filter(
            subtree_q(org, "org"),
            submitted_on__gte=schedule.quarter_start(py, pq),
            submitted_on__lte=min(schedule.quarter_end(y, q), as_of),
        )
        .values("org__path")
        .annotate(
            now=Count("pk", filter=Q(submitted_on__gte=now_start)),
            before=Count("pk", filter=Q(submitted_on__lte=before_end)),
        )
        .order_by()
    )
    totals: dict[int, list[int]] = {c.pk: [0, 0] for c in counties}
    for row in rows:
        county = next((c for c in counties if row["org__path"].startswith(c.path)), None)
        if county is not None:
            totals[county.pk][0] += row["before"]
            totals[county.pk][1] += row["now"]
    declining = [(c, *totals[c.pk]) for c in counties if totals[c.pk][1] < totals[c.pk][0]]
    if not declining:
        return []
    total_before = sum(b for _c, b, _n in declining)
    total_now = sum(n for _c, _b, n in declining)
    return [
        Finding(
            kind="supervision.declining_submissions",
            group=Group.PRESSURE,
            title=(
                f"{len(declining)}个县（市、区）第{q}季度报送信息比第{pq}季度减少"
                f"（合计由{total_before}条降至{total_now}条）"
            ),
            orgs=[c.display_name for c, _b, _n in declining],
            url=_url("supervision:submissions", as_of),
        )
    ]
