"""Progress of assignments and tasks as of a date, from the records, in a fixed number of queries.

An assignment's actual progress is, by its task's measure:
- reported: the latest submitted (or accepted) report on or before the date;
- quantity: that report's quantity ÷ the unit's target (its percentage when no quantity);
- milestones: the weight of milestones done by the date ÷ the total weight;
- indicator: the indicator's value for the unit as of the date ÷ the unit's target.
It is done when a report of 100% was accepted by the date, every milestone was done, or the
indicator reached the target. The expected line is the milestone plan, the task's monthly
curve, or a straight line from start to deadline (see `schedule`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from gonghui.core import indicators
from gonghui.orgs.models import Org
from gonghui.supervision import schedule
from gonghui.supervision.models import (
    COUNTED_STATES,
    Assignment,
    Measure,
    Milestone,
    QuarterlyReport,
    ReportState,
    Task,
)


@dataclass
class UnitProgress:
    """One responsible unit's standing on one task as of a date."""

    assignment: Assignment
    assessment: schedule.Assessment
    latest_report_id: int | None
    followed_up: bool  # a report for the last period or this one exists (else: no follow-up)
    started: bool
    latest_report: QuarterlyReport | None = None  # loaded for the rows shown
    org: Org | None = None  # the assignment's org, without the descriptor (sorting 20,000 rows)

    @property
    def task(self) -> Task:
        return self.assignment.task

    @property
    def org_name(self) -> str:
        return (self.org or self.assignment.org).display_name

    @property
    def no_follow_up(self) -> bool:
        """Plans with no follow-up: started a period ago, not done, no report since."""
        return (
            self.started
            and not self.followed_up
            and self.assessment.status is not schedule.Status.DONE
        )


@dataclass
class TaskProgress:
    """A task's figures as of a date, rolled up from its units (or its sub-tasks)."""

    task: Task
    units: list[UnitProgress] = field(default_factory=list)
    subtasks: list[TaskProgress] = field(default_factory=list)
    assessment: schedule.Assessment | None = None

    @property
    def done(self) -> bool:
        return self.assessment is not None and self.assessment.status is schedule.Status.DONE

    def colour_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for unit in self.units:
            counts[unit.assessment.colour.value] += 1
        return dict(counts)


def counted_reports(as_of: date) -> QuerySet[QuarterlyReport]:
    """Reports whose progress counts on the date: submitted (or accepted) by then."""
    return QuarterlyReport.objects.filter(state__in=COUNTED_STATES, submitted_on__lte=as_of)


def annotate_progress(assignments: QuerySet[Assignment], as_of: date) -> QuerySet[Assignment]:
    """The assignments with what the schedule needs, as correlated subqueries (one query)."""
    latest = (
        counted_reports(as_of)
        .filter(assignment=OuterRef("pk"))
        .order_by("-submitted_on", "-progress", "-pk")
    )
    year, quarter = schedule.previous_quarter(*schedule.quarter_of(as_of))
    recent = counted_reports(as_of).filter(
        Q(year__gt=year) | Q(year=year, quarter__gte=quarter), assignment=OuterRef("pk")
    )
    milestone_recent = Milestone.objects.filter(
        assignment=OuterRef("pk"),
        done_on__gte=schedule.quarter_start(year, quarter),
        done_on__lte=as_of,
    )
    accepted_done = QuarterlyReport.objects.filter(
        assignment=OuterRef("pk"),
        state=ReportState.ACCEPTED,
        accepted_on__lte=as_of,
        progress__gte=100,
    )
    return assignments.select_related("task", "task__plan", "org").annotate(
        r_id=Subquery(latest.values("pk")[:1]),
        r_progress=Subquery(latest.values("progress")[:1]),
        r_quantity=Subquery(latest.values("quantity")[:1]),
        r_recent=Exists(recent),
        m_recent=Exists(milestone_recent),
        r_done=Exists(accepted_done),
    )


def _milestones(
    assignments: QuerySet[Assignment],
) -> dict[int, list[tuple[float, date, date | None]]]:
    rows = Milestone.objects.filter(
        assignment__in=assignments.filter(task__measure=Measure.MILESTONES).values("pk")
    ).values_list("assignment_id", "weight", "due_on", "done_on")
    result: dict[int, list[tuple[float, date, date | None]]] = defaultdict(list)
    for assignment_id, weight, due_on, done_on in rows:
        result[assignment_id].append((float(weight), due_on, done_on))
    return result


def _fraction(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value) / 100.0


def assess_assignments(
    assignments: QuerySet[Assignment], as_of: date, tasks: Iterable[Task] | None = None
) -> list[UnitProgress]:
    """Each assignment's standing as of the date (queries: four, plus one per indicator × unit).

    `tasks` (with their plans) saves loading them again when the caller has them all.
    """
    milestones = _milestones(assignments)
    indicator_cache: dict[tuple[str, int], float] = {}
    # Rows as tuples, tasks and orgs loaded once: at province scale (20,000 assignments) building
    # a task, plan and org object per row was most of the page's time.
    rows = list(
        annotate_progress(assignments, as_of).values_list(
            "pk",
            "task_id",
            "org_id",
            "target",
            "r_id",
            "r_progress",
            "r_quantity",
            "r_recent",
            "m_recent",
            "r_done",
        )
    )
    if not rows:
        return []
    by_pk = {t.pk: t for t in tasks} if tasks is not None else {}
    if not by_pk or any(task_id not in by_pk for _pk, task_id, *_rest in rows):
        by_pk = {
            t.pk: t
            for t in Task.objects.filter(pk__in=assignments.values("task_id")).select_related(
                "plan"
            )
        }
    orgs = {o.pk: o for o in Org.objects.filter(pk__in=assignments.values("org_id"))}
    task_cache = Assignment.task.field.set_cached_value  # type: ignore[attr-defined]
    org_cache = Assignment.org.field.set_cached_value  # type: ignore[attr-defined]
    db = assignments.db
    plans: dict[int, schedule.Plan] = {}  # a task's expected line is shared by its units
    started_by_task: dict[int, bool] = {}
    current_quarter = schedule.quarter_of(as_of)
    result = []
    for (
        pk,
        task_id,
        org_id,
        target,
        r_id,
        r_progress,
        r_quantity,
        r_recent,
        m_recent,
        r_done,
    ) in rows:
        task, org = by_pk[task_id], orgs[org_id]
        a = Assignment.from_db(db, ASSIGNMENT_FIELDS, (pk, task_id, org_id, target))
        task_cache(a, task)
        org_cache(a, org)
        a.r_id, a.r_progress, a.r_quantity = r_id, r_progress, r_quantity  # type: ignore[attr-defined]
        a.r_recent, a.m_recent, a.r_done = r_recent, m_recent, r_done  # type: ignore[attr-defined]
        steps = milestones.get(pk, []) if task.measure == Measure.MILESTONES else []
        if steps:
            plan = schedule.make_plan(
                task.start,
                task.deadline,
                milestones=[schedule.PlannedMilestone(due, w) for w, due, _done in steps],
                curve=task.curve_shares(),
            )
        else:
            plan = plans.get(task_id)  # type: ignore[assignment]
            if plan is None:
                plan = plans[task_id] = schedule.make_plan(
                    task.start, task.deadline, milestones=[], curve=task.curve_shares()
                )
        actual, done = _actual(a, task, steps, as_of, indicator_cache)
        assessment = schedule.assess(
            plan,
            actual,
            as_of,
            start=task.start,
            deadline=task.deadline,
            done=done,
            tolerance=float(task.plan.tolerance),
        )
        started = started_by_task.get(task_id)
        if started is None:
            started = started_by_task[task_id] = schedule.quarter_of(task.start) < current_quarter
        # Follow-up is a report, a milestone done, or (for an indicator) the records themselves.
        followed_up = bool(r_recent or m_recent) or task.measure == Measure.INDICATOR
        result.append(UnitProgress(a, assessment, r_id, followed_up, started, org=org))
    return result


ASSIGNMENT_FIELDS = ["id", "task_id", "org_id", "target"]


def _actual(
    a: Assignment,
    task: Task,
    steps: list[tuple[float, date, date | None]],
    as_of: date,
    cache: dict[tuple[str, int], float],
) -> tuple[float | None, bool]:
    if task.measure == Measure.MILESTONES and steps:
        actual = schedule.progress_from_milestones(
            [schedule.DoneMilestone(w, done) for w, _due, done in steps], as_of
        )
        return actual, actual is not None and actual >= 1.0
    if task.measure == Measure.INDICATOR and task.indicator_name:
        key = (task.indicator_name, a.org_id)
        if key not in cache:
            cache[key] = float(indicators.get(task.indicator_name).compute(a.org, as_of))
        target = a.effective_target
        actual = schedule.progress_from_quantity(
            cache[key], float(target) if target is not None else None
        )
        return actual, actual is not None and actual >= 1.0
    if task.measure == Measure.QUANTITY and a.r_quantity is not None:
        target = a.effective_target
        actual = schedule.progress_from_quantity(
            float(a.r_quantity), float(target) if target is not None else None
        )
        if actual is not None:
            return actual, bool(a.r_done)
    return _fraction(a.r_progress), bool(a.r_done)


def summarize_tasks(
    tasks: Iterable[Task], units: Iterable[UnitProgress], as_of: date
) -> dict[int, TaskProgress]:
    """Task figures: the mean of its units' progress, or the weighted roll-up of its sub-tasks."""
    by_task: dict[int, TaskProgress] = {t.pk: TaskProgress(t) for t in tasks}
    for unit in units:
        entry = by_task.get(unit.assignment.task_id)
        if entry is not None:
            entry.units.append(unit)
    for entry in by_task.values():
        parent_id = entry.task.parent_id
        if parent_id in by_task:
            by_task[parent_id].subtasks.append(entry)

    def assess(entry: TaskProgress) -> schedule.Assessment | None:
        if entry.assessment is not None:
            return entry.assessment
        task = entry.task
        done: bool
        plan: schedule.Plan
        if entry.subtasks:
            parts = [(s.task.weight, x) for s in entry.subtasks if (x := assess(s)) is not None]
            actual = schedule.roll_up((w, x.actual) for w, x in parts)
            done = bool(parts) and all(x.status is schedule.Status.DONE for _w, x in parts)
            plan = schedule.make_plan(task.start, task.deadline, curve=task.curve_shares())
        elif entry.units:
            n = len(entry.units)
            actual = sum(u.assessment.actual for u in entry.units) / n
            done = all(u.assessment.status is schedule.Status.DONE for u in entry.units)
            # The task expects what its units are expected to have done (milestone plans included).
            plan = schedule.Fixed(sum(u.assessment.expected for u in entry.units) / n)
        else:
            return None
        entry.assessment = schedule.assess(
            plan,
            actual,
            as_of,
            start=task.start,
            deadline=task.deadline,
            done=done,
            tolerance=float(task.plan.tolerance),
        )
        return entry.assessment

    for entry in by_task.values():
        assess(entry)
    return by_task
