"""The plan overview and the league table of counties, computed for a user and a date.

Both read a fixed number of queries whatever the size of the plan: the assignments with their
progress as correlated subqueries, the milestones, the latest reports of the rows shown, and
(for the league table) one aggregate of on-time reports per unit.
"""

from __future__ import annotations

import hashlib
import operator
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from functools import reduce
from typing import Any

from django.db.models import Count, Q, QuerySet

from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import visible_orgs
from gonghui.supervision import schedule
from gonghui.supervision.models import (
    Area,
    Assignment,
    QuarterlyReport,
    Task,
    WorkPlan,
)
from gonghui.supervision.models.plans import REPORTING_MEASURES
from gonghui.supervision.progress import (
    TaskProgress,
    UnitProgress,
    assess_assignments,
    summarize_tasks,
)

STATUS_CHOICES = [(s.value, schedule.STATUS_LABELS[s]) for s in schedule.Status]


def plans_for(user: Any, year: int | None = None) -> list[WorkPlan]:
    """The plans the user may open (newest first, the highest org first)."""
    plans = (
        WorkPlan.objects.for_user(user).select_related("org").order_by("-year", "org__depth", "pk")
    )
    if year is not None:
        plans = plans.filter(year=year)
    return list(plans)


def choose_plan(plans: list[WorkPlan], raw: str | None, as_of: date) -> WorkPlan | None:
    """The plan asked for, else the first plan of the as-of year, else the newest."""
    if raw and raw.isdigit():
        for plan in plans:
            if plan.pk == int(raw):
                return plan
    for plan in plans:
        if plan.year == as_of.year:
            return plan
    return plans[0] if plans else None


@dataclass
class Filters:
    area: int | None = None
    department: str = ""
    leader: str = ""
    unit: int | None = None
    status: str = ""
    no_follow_up: bool = False

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        def number(name: str) -> int | None:
            raw = (query.get(name) or "").strip()
            return int(raw) if raw.isdigit() else None

        status = (query.get("status") or "").strip()
        return cls(
            area=number("area"),
            department=(query.get("department") or "").strip()[:60],
            leader=(query.get("leader") or "").strip()[:60],
            unit=number("unit"),
            status=status if status in schedule.Status._value2member_map_ else "",
            no_follow_up=query.get("follow_up") == "none",
        )

    def key(self) -> str:
        """The filters as part of a cache key (hashed: keys must be short and ASCII)."""
        raw = repr(
            (self.area, self.department, self.leader, self.unit, self.status, self.no_follow_up)
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:24]

    @property
    def active(self) -> bool:
        return bool(
            self.area
            or self.department
            or self.leader
            or self.unit
            or self.status
            or self.no_follow_up
        )


@dataclass
class TaskRow:
    task: Task
    progress: TaskProgress
    units: list[UnitProgress]


@dataclass
class AreaBlock:
    area: Area | None
    tasks: list[TaskRow] = field(default_factory=list)


@dataclass
class Overview:
    plan: WorkPlan | None
    as_of: date
    filters: Filters
    blocks: list[AreaBlock] = field(default_factory=list)
    # Every unit row (filtered); a cached page keeps only its own rows and `row_total`.
    rows: list[UnitProgress] = field(default_factory=list)
    latest_reports: dict[int, QuarterlyReport] = field(default_factory=dict)
    areas: list[Area] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    units: list[tuple[int, str]] = field(default_factory=list)
    status_counts: dict[str, int] = field(default_factory=dict)
    tasks_total: int = 0
    tasks_done: int = 0
    spread: schedule.Spread | None = None
    row_total: int | None = None  # kept when the rows are dropped (a cached page)

    @property
    def unit_count(self) -> int:
        return self.row_total if self.row_total is not None else len(self.rows)

    def for_page(self, rows: list[UnitProgress]) -> Overview:
        """A copy with the summary, the filter choices and the page's rows: what a page caches."""
        return replace(
            self,
            blocks=[],
            rows=rows,
            latest_reports={u.latest_report_id: u.latest_report for u in rows if u.latest_report},
            row_total=self.unit_count,
        )


def visible_assignments(user: Any, plan: WorkPlan) -> QuerySet[Assignment]:
    """The plan's assignments the user may see: their own subtree's (all of them for the owner)."""
    return Assignment.objects.for_user(user).filter(task__plan=plan)


def build_overview(user: Any, plan: WorkPlan | None, as_of: date, filters: Filters) -> Overview:
    """Areas → tasks → units with status, gap and the latest report, as of the date."""
    result = Overview(plan, as_of, filters)
    if plan is None:
        return result
    tasks = list(
        Task.objects.filter(plan=plan).select_related("plan", "area").order_by("order", "pk")
    )
    result.areas = list(Area.objects.filter(plan=plan))
    result.departments = sorted({t.lead_department for t in tasks if t.lead_department})
    result.leaders = sorted({t.lead_leader for t in tasks if t.lead_leader})

    assignments = visible_assignments(user, plan)
    units = assess_assignments(assignments, as_of, tasks)
    summary = summarize_tasks(tasks, units, as_of)
    top = [t for t in tasks if t.parent_id is None or t.parent_id not in summary]
    result.tasks_total = sum(1 for t in top if summary[t.pk].units or summary[t.pk].subtasks)
    result.tasks_done = sum(1 for t in top if summary[t.pk].done)
    result.units = sorted(
        {(u.assignment.org_id, u.org_name) for u in units}, key=lambda pair: pair[1]
    )

    wanted = {t.pk for t in tasks if _task_matches(t, filters)}
    rows = [
        u
        for u in units
        if u.assignment.task_id in wanted
        and (filters.unit is None or u.assignment.org_id == filters.unit)
        and (not filters.status or u.assessment.status.value == filters.status)
        and (not filters.no_follow_up or u.no_follow_up)
    ]
    rows.sort(key=lambda u: ((u.org or u.assignment.org).path, u.assignment.pk))
    result.rows = rows
    counts: dict[str, int] = defaultdict(int)
    for u in rows:
        counts[u.assessment.status.value] += 1
    result.status_counts = dict(counts)
    result.spread = schedule.spread(_gaps_by_unit(rows).values()) if rows else None

    by_task: dict[int, list[UnitProgress]] = defaultdict(list)
    for u in rows:
        by_task[u.assignment.task_id].append(u)
    blocks: dict[int | None, AreaBlock] = {}
    for area in result.areas:
        blocks[area.pk] = AreaBlock(area)
    for task in _in_tree_order(tasks):
        shown = by_task.get(task.pk, [])
        if not shown:
            continue
        block = blocks.setdefault(task.area_id, AreaBlock(task.area))
        block.tasks.append(TaskRow(task, summary[task.pk], shown))
    ordered = [blocks[a.pk] for a in result.areas if blocks[a.pk].tasks]
    if None in blocks and blocks[None].tasks:
        ordered.append(blocks[None])
    result.blocks = ordered
    return result


def attach_latest_reports(overview: Overview, rows: list[UnitProgress]) -> None:
    """Load the latest report of the rows on the page (one query)."""
    ids = [u.latest_report_id for u in rows if u.latest_report_id]
    overview.latest_reports = {
        r.pk: r
        for r in QuarterlyReport.objects.filter(pk__in=ids).only(
            "pk", "year", "quarter", "state", "submitted_on", "progress"
        )
    }
    for u in rows:
        u.latest_report = overview.latest_reports.get(u.latest_report_id or 0)


def _task_matches(task: Task, filters: Filters) -> bool:
    if filters.area and task.area_id != filters.area:
        return False
    if filters.department and task.lead_department != filters.department:
        return False
    return not (filters.leader and task.lead_leader != filters.leader)


def _in_tree_order(tasks: list[Task]) -> list[Task]:
    """Parents followed by their sub-tasks."""
    children: dict[int, list[Task]] = defaultdict(list)
    known = {t.pk for t in tasks}
    roots = []
    for t in tasks:
        if t.parent_id and t.parent_id in known:
            children[t.parent_id].append(t)
        else:
            roots.append(t)
    ordered: list[Task] = []

    def walk(task: Task, depth: int) -> None:
        task.depth = depth  # type: ignore[attr-defined]
        ordered.append(task)
        for child in children.get(task.pk, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return ordered


def _gaps_by_unit(rows: list[UnitProgress]) -> dict[int, float]:
    """Each unit's average gap over its started work (the speech's 快慢不均 compares these)."""
    gaps: dict[int, list[float]] = defaultdict(list)
    for u in rows:
        if u.assessment.status is not schedule.Status.NOT_STARTED:
            gaps[u.assignment.org_id].append(u.assessment.gap)
    return {org: sum(v) / len(v) for org, v in gaps.items() if v}


# --- league table of counties -----------------------------------------------------------------


@dataclass
class LeagueRow:
    org: Org
    assignments: int = 0
    started: int = 0
    done: int = 0
    behind: int = 0
    no_follow_up: int = 0
    reports_due: int = 0
    reports_on_time: int = 0
    gap_total: float = 0.0
    rank: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return (
            None
            if not self.reports_due
            else round(100 * self.reports_on_time / self.reports_due, 1)
        )

    @property
    def behind_share(self) -> float | None:
        return None if not self.started else round(100 * self.behind / self.started, 1)

    @property
    def average_gap(self) -> float | None:
        return None if not self.started else round(self.gap_total / self.started, 1)


@dataclass
class League:
    as_of: date
    plans: list[WorkPlan]
    rows: list[LeagueRow]
    spread: schedule.Spread


def league_plans(user: Any, year: int) -> list[WorkPlan]:
    """The year's plans of the highest org the user sees plans of (the city's, for everyone)."""
    plans = plans_for(user, year)
    if not plans:
        return []
    top = min(p.org.depth for p in plans)
    return [p for p in plans if p.org.depth == top]


def county_of(org_path: str, counties: list[Org]) -> Org | None:
    for county in counties:
        if org_path.startswith(county.path):
            return county
    return None


def build_league(user: Any, as_of: date, plans: list[WorkPlan] | None = None) -> League:
    """Counties ranked by their average gap, with on-time rate, share behind and the spread."""
    if plans is None:
        plans = league_plans(user, as_of.year)
    counties = list(
        visible_orgs(user).filter(level=Level.COUNTY).active_on(as_of).order_by("admin_code", "pk")
    )
    rows = {c.pk: LeagueRow(c) for c in counties}
    assignments = Assignment.objects.for_user(user).filter(
        task__plan__in=[p.pk for p in plans],
        org__level__in=[Level.COUNTY, Level.TOWNSHIP, Level.GRASSROOTS],
    )
    units = assess_assignments(assignments, as_of)
    org_county: dict[int, int] = {}
    reports_due: dict[int, int] = {}
    for u in units:
        org = u.assignment.org
        if org.pk not in org_county:
            county = county_of(org.path, counties)
            org_county[org.pk] = county.pk if county else 0
        row = rows.get(org_county[org.pk])
        if row is None:
            continue
        row.assignments += 1
        task = u.assignment.task
        due = reports_due.get(task.pk)
        if due is None:  # the same for every unit of the task: count it once
            due = reports_due[task.pk] = _reports_due(task, as_of)
        row.reports_due += due
        if u.assessment.status is schedule.Status.NOT_STARTED:
            continue
        row.started += 1
        row.gap_total += u.assessment.gap
        if u.assessment.status is schedule.Status.DONE:
            row.done += 1
        if schedule.is_behind(u.assessment.status):
            row.behind += 1
        if u.no_follow_up:
            row.no_follow_up += 1
    for org_id, on_time in _on_time_by_org(assignments, plans, as_of).items():
        row = rows.get(org_county.get(org_id, 0))
        if row is not None:
            row.reports_on_time += on_time
    ranked = schedule.rank(
        {r.org.pk: r.average_gap for r in rows.values() if r.average_gap is not None}
    )
    for entry in ranked:
        rows[entry.key].rank = entry.rank  # type: ignore[index]
    ordered = sorted(rows.values(), key=lambda r: (r.rank == 0, r.rank, r.org.admin_code or ""))
    spread = schedule.spread(r.average_gap for r in ordered if r.average_gap is not None)
    return League(as_of, plans, ordered, spread)


def _reports_due(task: Task, as_of: date) -> int:
    """How many quarterly reports a unit of the task owed by the date."""
    if not task.needs_reports:
        return 0
    return sum(
        1
        for year, quarter in schedule.quarters_between(task.start, min(task.deadline, as_of))
        if task.plan.report_due(year, quarter) <= as_of
    )


def _on_time_by_org(
    assignments: QuerySet[Assignment], plans: list[WorkPlan], as_of: date
) -> dict[int, int]:
    """Reports first submitted by their due day, per responsible unit (one aggregate query)."""
    parts: list[Q] = []
    due_days = {p.report_due_day for p in plans}
    years = {p.year for p in plans}
    for year in years:
        for quarter in (1, 2, 3, 4):
            for day in due_days:
                due = schedule.report_due(year, quarter, day)
                if due > as_of:
                    continue
                parts.append(
                    Q(
                        year=year,
                        quarter=quarter,
                        assignment__task__plan__report_due_day=day,
                        first_submitted_on__lte=due,
                    )
                )
    if not parts:
        return {}
    on_time = reduce(operator.or_, parts)
    rows = (
        QuarterlyReport.objects.filter(
            assignment__in=assignments.values("pk"),
            assignment__task__measure__in=REPORTING_MEASURES,
        )
        .filter(on_time)
        .values("assignment__org_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["assignment__org_id"]: r["n"] for r in rows}
