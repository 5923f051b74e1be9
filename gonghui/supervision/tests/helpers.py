"""Builders for supervision tests: a city plan with tasks assigned to the test tree's counties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from gonghui.orgs.models import Org, User
from gonghui.supervision import actions
from gonghui.supervision.actions import ReportContent
from gonghui.supervision.models import (
    Area,
    Assignment,
    Measure,
    QuarterlyReport,
    Task,
    WorkPlan,
)

YEAR_START, YEAR_END = date(2018, 1, 1), date(2018, 12, 31)
MID_YEAR = date(2018, 6, 30)


def make_plan(org: Org, title: str = "2018年重点工作", **extra: Any) -> WorkPlan:
    return WorkPlan.objects.create(org=org, year=2018, title=title, **extra)


def make_task(
    plan: WorkPlan,
    title: str = "困难职工档案动态管理",
    units: tuple[Org, ...] = (),
    *,
    area: Area | None = None,
    start: date = YEAR_START,
    deadline: date = YEAR_END,
    measure: str = Measure.REPORTED,
    **extra: Any,
) -> Task:
    task = Task.objects.create(
        plan=plan,
        area=area,
        title=title,
        start=start,
        deadline=deadline,
        measure=measure,
        lead_leader=extra.pop("lead_leader", "李国平副主席"),
        lead_department=extra.pop("lead_department", "组织部"),
        **extra,
    )
    for org in units:
        Assignment.objects.create(task=task, org=org)
    return task


def submitted(
    assignment: Assignment,
    author: User,
    quarter: int,
    progress: float,
    on: date,
    *,
    quantity: Decimal | None = None,
) -> QuarterlyReport:
    """A report saved and submitted on a date."""
    report = actions.save_report(
        assignment,
        author,
        2018,
        quarter,
        ReportContent(
            progress=Decimal(str(progress)), done_text="召开会议部署推进", quantity=quantity
        ),
        on=on,
    )
    return actions.submit_report(report, author, on=on)
