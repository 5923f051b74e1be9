"""Figures of supervision (督查督办): tasks done, units behind, reports, innovation, submissions.

Each counts the records of the org's subtree for the calendar year of the as-of date, up to
that date.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, QuerySet

from gonghui.core.county_pass import tree_figures
from gonghui.core.indicators import indicator
from gonghui.orgs.models import Org, subtree_q
from gonghui.supervision import county_figures, schedule
from gonghui.supervision.models import (
    Adoption,
    Assignment,
    InfoSubmission,
    InnovationProject,
    PlanKind,
    QuarterlyReport,
    Task,
)
from gonghui.supervision.progress import assess_assignments, summarize_tasks


def reform_tasks(org: Org, as_of: date) -> QuerySet[Task]:
    """The year's reform tasks (改革任务) of plans made by the org's subtree (top-level tasks)."""
    return Task.objects.filter(
        subtree_q(org, "plan__org"),
        plan__kind=PlanKind.REFORM,
        plan__year=as_of.year,
        parent__isnull=True,
    )


def year_assignments(org: Org, as_of: date) -> QuerySet[Assignment]:
    """Assignments of the org's subtree in the year's plans."""
    return Assignment.objects.filter(subtree_q(org, "org"), task__plan__year=as_of.year)


TASK_COLUMNS = (
    ("number", "序号"),
    ("title", "工作任务"),
    ("plan__org__name", "制定单位"),
    ("lead_leader", "责任领导"),
    ("lead_department", "责任部室"),
    ("deadline", "完成时限"),
)
ASSIGNMENT_COLUMNS = (
    ("task__title", "工作任务"),
    ("org__name", "责任单位"),
    ("target", "本单位目标"),
    ("task__deadline", "完成时限"),
)


def _records_tasks_done(org: Org, as_of: date) -> QuerySet[Task]:
    tasks = Task.objects.filter(
        subtree_q(org, "plan__org"), plan__kind=PlanKind.REFORM, plan__year=as_of.year
    ).select_related("plan")
    units = assess_assignments(Assignment.objects.filter(task__in=tasks.values("pk")), as_of)
    summary = summarize_tasks(list(tasks), units, as_of)
    done = [e.task.pk for e in summary.values() if e.task.parent_id is None and e.done]
    return Task.objects.filter(pk__in=done)


def _records_behind(org: Org, as_of: date) -> QuerySet[Assignment]:
    units = assess_assignments(year_assignments(org, as_of), as_of)
    behind = [u.assignment.pk for u in units if schedule.is_behind(u.assessment.status)]
    return Assignment.objects.filter(pk__in=behind)


def _records_no_follow_up(org: Org, as_of: date) -> QuerySet[Assignment]:
    units = assess_assignments(year_assignments(org, as_of), as_of)
    return Assignment.objects.filter(pk__in=[u.assignment.pk for u in units if u.no_follow_up])


def _records_reports(org: Org, as_of: date) -> QuerySet[QuarterlyReport]:
    return QuarterlyReport.objects.filter(
        subtree_q(org, "assignment__org"), year=as_of.year, first_submitted_on__lte=as_of
    )


def _records_innovation(org: Org, as_of: date) -> QuerySet[InnovationProject]:
    return InnovationProject.objects.filter(
        subtree_q(org, "org"), year=as_of.year, entered_on__lte=as_of
    )


def _records_submissions(org: Org, as_of: date) -> QuerySet[InfoSubmission]:
    return submissions_in(org, date(as_of.year, 1, 1), as_of)


def _records_adopted(org: Org, as_of: date) -> QuerySet[InfoSubmission]:
    return _records_submissions(org, as_of).exclude(adoption=Adoption.NONE)


# Key figures: for the city counted grouped by county, each county's kept (core.county_pass).
COUNT = {"n": Count("pk")}
SUBMISSION_COLUMNS = (
    ("title", "标题"),
    ("org__name", "报送单位"),
    ("channel", "渠道"),
    ("adoption", "采用级别"),
    ("submitted_on", "报送日期"),
)


@indicator(
    "supervision.reform_tasks_total",
    "改革任务",
    "项",
    records_url="supervision:overview",
    records=reform_tasks,
    columns=TASK_COLUMNS,
)
def reform_tasks_total(org: Org, as_of: date) -> int:
    return reform_tasks(org, as_of).count()


@indicator(
    "supervision.reform_tasks_done",
    "已完成改革任务",
    "项",
    records_url="supervision:overview",
    records=_records_tasks_done,
    columns=TASK_COLUMNS,
)
def reform_tasks_done(org: Org, as_of: date) -> int:
    tasks = Task.objects.filter(
        subtree_q(org, "plan__org"), plan__kind=PlanKind.REFORM, plan__year=as_of.year
    ).select_related("plan")
    return county_figures.tasks_done(org, as_of, tasks)


@indicator(
    "supervision.assignments_total",
    "重点工作责任单位任务",
    "项",
    records_url="supervision:overview",
    records=year_assignments,
    columns=ASSIGNMENT_COLUMNS,
)
def assignments_total(org: Org, as_of: date) -> int:
    return year_assignments(org, as_of).count()


@indicator(
    "supervision.assignments_behind",
    "滞后于序时进度的任务",
    "项",
    description="进度落后序时进度超过容差或逾期未完成的责任单位任务",
    records_url="supervision:overview",
    records=_records_behind,
    columns=ASSIGNMENT_COLUMNS,
)
def assignments_behind(org: Org, as_of: date) -> int:
    return county_figures.behind_count(org, as_of, year_assignments(org, as_of))


@indicator(
    "supervision.assignments_no_follow_up",
    "上期以来未报告进展的任务",
    "项",
    records_url="supervision:overview",
    records=_records_no_follow_up,
    columns=ASSIGNMENT_COLUMNS,
)
def assignments_no_follow_up(org: Org, as_of: date) -> int:
    units = assess_assignments(year_assignments(org, as_of), as_of)
    return sum(1 for u in units if u.no_follow_up)


@indicator(
    "supervision.reports_submitted",
    "已报送季度报告",
    "份",
    records_url="supervision:desk",
    records=_records_reports,
    columns=(
        ("assignment__task__title", "工作任务"),
        ("assignment__org__name", "责任单位"),
        ("quarter", "季度"),
        ("progress", "完成进度（%）"),
        ("state", "状态"),
        ("first_submitted_on", "首次报送日期"),
    ),
)
def reports_submitted(org: Org, as_of: date) -> int:
    return QuarterlyReport.objects.filter(
        subtree_q(org, "assignment__org"), year=as_of.year, first_submitted_on__lte=as_of
    ).count()


@indicator(
    "supervision.innovation_projects",
    "申报创新项目",
    "个",
    records_url="supervision:innovation",
    records=_records_innovation,
    columns=(("title", "项目名称"), ("org__name", "申报单位"), ("entered_on", "申报日期")),
)
def innovation_projects(org: Org, as_of: date) -> int:
    projects = _records_innovation(org, as_of)
    return tree_figures("supervision.innovation", org, as_of, projects, "org__path", COUNT)["n"]


def submissions_in(org: Org, start: date, end: date) -> QuerySet[InfoSubmission]:
    """Information submissions of the org's subtree between two dates (both included)."""
    return InfoSubmission.objects.filter(
        subtree_q(org, "org"), submitted_on__gte=start, submitted_on__lte=end
    )


@indicator(
    "supervision.submissions",
    "报送信息",
    "条",
    records_url="supervision:submissions",
    records=_records_submissions,
    columns=SUBMISSION_COLUMNS,
)
def submissions(org: Org, as_of: date) -> int:
    # Not from the city's pass: indicator tasks compute it for their units (a county's
    # lookup of the pass would add a query per unit to the supervision pages).
    return submissions_in(org, date(as_of.year, 1, 1), as_of).count()


@indicator(
    "supervision.submissions_adopted",
    "信息被采用",
    "条",
    records_url="supervision:submissions",
    records=_records_adopted,
    columns=SUBMISSION_COLUMNS,
)
def submissions_adopted(org: Org, as_of: date) -> int:
    return (
        submissions_in(org, date(as_of.year, 1, 1), as_of).exclude(adoption=Adoption.NONE).count()
    )
