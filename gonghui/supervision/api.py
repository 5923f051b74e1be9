"""Supervision in the JSON API: tasks with each unit's standing as of a date, progress reports.

Status and gap come from the module's own assessment (`progress.assess_assignments`); reports
are written through the same named actions as the pages (`actions.save_report`, then
`submit_report` / `resubmit_report`).
"""
# Ninja reads these annotations at run time: no `from __future__ import annotations` here.

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from gonghui.api.types import Day, ErrorOut, ObjectId, Pagination, PlainText
from gonghui.orgs.scoping import get_for_user_or_404
from gonghui.supervision import actions
from gonghui.supervision.actions import ReportContent
from gonghui.supervision.models import Assignment, QuarterlyReport, ReportState, Task
from gonghui.supervision.progress import UnitProgress, assess_assignments

router = Router(tags=["督查督办"])


class StandingOut(Schema):
    """Where one responsible unit stands on its assignment as of the date."""

    assignment_id: int
    org_id: int
    org_name: str
    target: float | None = Field(description="本单位目标（无则为任务目标）")
    status: str = Field(description="not_started / on_track / lagging / behind / overdue / done")
    status_label: str
    colour: str = Field(description="green / amber / red / done")
    expected_pct: float = Field(description="序时进度（%）")
    actual_pct: float = Field(description="实际完成进度（%）")
    gap: float = Field(description="实际进度减序时进度（百分点）")
    due_soon: bool
    no_follow_up: bool = Field(description="上季度以来无报告、无节点完成（未跟进）")
    latest_report_id: int | None


class TaskOut(Schema):
    id: int
    plan_id: int
    plan_title: str
    year: int
    area_id: int | None
    parent_id: int | None
    number: str
    title: str
    lead_leader: str
    lead_department: str
    start: date
    deadline: date
    measure: str = Field(description="reported / milestones / quantity / indicator")
    as_of: date
    assignments: list[StandingOut] = Field(description="本账户范围内的责任单位")


class ReportOut(Schema):
    id: int
    assignment_id: int
    year: int
    quarter: int
    state: str = Field(description="draft / submitted / returned / resubmitted / accepted")
    state_label: str
    progress: float
    quantity: float | None
    done_text: str
    problems: str
    next_steps: str
    first_submitted_on: date | None
    submitted_on: date | None
    accepted_on: date | None
    review_comment: str
    version: int = Field(description="每次修改加一；保存时带上读取到的值，可防止覆盖他人的修改")


class AssignmentOut(Schema):
    task: TaskOut = Field(description="任务及本单位截至该日的进度")
    standing: StandingOut
    reports: list[ReportOut]


class ReportIn(Schema):
    year: int = Field(ge=2000, le=2100)
    quarter: int = Field(ge=1, le=4)
    progress: Decimal = Field(ge=0, le=100, max_digits=4, decimal_places=1)
    quantity: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    done_text: PlainText = Field("", max_length=5000)
    problems: PlainText = Field("", max_length=5000)
    next_steps: PlainText = Field("", max_length=5000)
    submit: bool = Field(True, description="true：报送（退回的报告重新报送）；false：只保存草稿")
    version: int | None = Field(
        None,
        ge=0,
        description="读取报告时的 version（尚无报告为 0）；给出时，若他人已修改则拒绝（409）",
    )


def _standing(unit: UnitProgress) -> dict[str, Any]:
    a, x = unit.assignment, unit.assessment
    target = a.effective_target
    return {
        "assignment_id": a.pk,
        "org_id": a.org_id,
        "org_name": unit.org_name,
        "target": None if target is None else float(target),
        "status": x.status.value,
        "status_label": x.status_label,
        "colour": x.colour.value,
        "expected_pct": x.expected_pct,
        "actual_pct": x.actual_pct,
        "gap": x.gap,
        "due_soon": x.due_soon,
        "no_follow_up": unit.no_follow_up,
        "latest_report_id": unit.latest_report_id,
    }


def _task(task: Task, units: list[UnitProgress], as_of: date) -> dict[str, Any]:
    return {
        "id": task.pk,
        "plan_id": task.plan_id,
        "plan_title": task.plan.title,
        "year": task.plan.year,
        "area_id": task.area_id,
        "parent_id": task.parent_id,
        "number": task.number,
        "title": task.title,
        "lead_leader": task.lead_leader,
        "lead_department": task.lead_department,
        "start": task.start,
        "deadline": task.deadline,
        "measure": task.measure,
        "as_of": as_of,
        "assignments": [_standing(u) for u in units],
    }


def _report(report: QuarterlyReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "assignment_id": report.assignment_id,
        "year": report.year,
        "quarter": report.quarter,
        "state": report.state,
        "state_label": report.get_state_display(),
        "progress": float(report.progress),
        "quantity": None if report.quantity is None else float(report.quantity),
        "done_text": report.done_text,
        "problems": report.problems,
        "next_steps": report.next_steps,
        "first_submitted_on": report.first_submitted_on,
        "submitted_on": report.submitted_on,
        "accepted_on": report.accepted_on,
        "review_comment": report.review_comment,
        "version": report.version,
    }


class AssessedTasks:
    """Tasks assessed only for the page asked for (the paginator counts, then slices)."""

    def __init__(self, tasks: Any, user: Any, as_of: date) -> None:
        self.tasks, self.user, self.as_of = tasks, user, as_of

    def __len__(self) -> int:
        return self.tasks.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        page = list(self.tasks[index])
        # One assessment for the page's units, in the fixed number of queries the pages use.
        units = assess_assignments(
            Assignment.objects.for_user(self.user).filter(task__in=[t.pk for t in page]),
            self.as_of,
        )
        by_task: dict[int, list[UnitProgress]] = {t.pk: [] for t in page}
        for unit in sorted(units, key=lambda u: (u.assignment.org.path, u.assignment.pk)):
            by_task[unit.assignment.task_id].append(unit)
        return [_task(t, by_task[t.pk], self.as_of) for t in page]


@router.get(
    "/tasks/",
    response={200: list[TaskOut], 422: ErrorOut},
    summary="可见的重点工作及各责任单位截至某日的进度",
)
@paginate(Pagination)
def list_tasks(
    request: HttpRequest,
    as_of: Day | None = None,
    year: int | None = Query(None, ge=2000, le=2100),
    plan: ObjectId | None = None,
    area: ObjectId | None = None,
) -> object:
    """Tasks of plans the account's org sees, or that assign its subtree; status as of the date."""
    tasks = Task.objects.for_user(request.user).select_related("plan")
    if year is not None:
        tasks = tasks.filter(plan__year=year)
    if plan is not None:
        tasks = tasks.filter(plan_id=plan)
    if area is not None:
        tasks = tasks.filter(area_id=area)
    tasks = tasks.order_by("-plan__year", "plan_id", "order", "pk")
    return AssessedTasks(tasks, request.user, as_of or timezone.localdate())


def _assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    return get_for_user_or_404(
        Assignment.objects.select_related("task__plan", "org"), request.user, pk=assignment_id
    )


@router.get(
    "/assignments/{assignment_id}",
    response={200: AssignmentOut, 404: ErrorOut, 422: ErrorOut},
    summary="一个责任单位的任务：进度与季度报告",
)
def get_assignment(
    request: HttpRequest, assignment_id: ObjectId, as_of: Day | None = None
) -> dict[str, Any]:
    """One assignment with its standing as of the date and its reports; 404 outside the subtree."""
    assignment = _assignment(request, assignment_id)
    day = as_of or timezone.localdate()
    (unit,) = assess_assignments(Assignment.objects.filter(pk=assignment.pk), day)
    reports = QuarterlyReport.objects.for_user(request.user).filter(assignment=assignment)
    return {
        "task": _task(assignment.task, [unit], day),
        "standing": _standing(unit),
        "reports": [_report(r) for r in reports.order_by("year", "quarter")],
    }


@router.post(
    "/assignments/{assignment_id}/reports",
    response={201: ReportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="填报（并报送）一个季度的进度报告",
)
def post_progress_report(
    request: HttpRequest, assignment_id: ObjectId, payload: ReportIn
) -> Status:
    """Save the unit's quarterly report and, unless asked not to, submit it (dated today).

    The same actions as the report page; refused outside the subtree (404), by another unit
    (403), and in a state that does not allow it (422 with the action's message). The save and
    the submission are one transaction: a refused submission leaves no draft behind. With
    `version`, a report changed since it was read is refused (409) and nothing is written.
    """
    assignment = _assignment(request, assignment_id)
    content = ReportContent(
        progress=payload.progress,
        quantity=payload.quantity,
        done_text=payload.done_text,
        problems=payload.problems,
        next_steps=payload.next_steps,
    )
    with transaction.atomic():
        try:
            report = actions.save_report(
                assignment,
                request.user,
                payload.year,
                payload.quarter,
                content,
                expected_version=payload.version,
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "stale":
                raise HttpError(409, actions.STALE_MESSAGE) from exc
            raise
        if payload.submit:
            if report.state == ReportState.RETURNED:
                report = actions.resubmit_report(report, request.user)
            else:
                report = actions.submit_report(report, request.user)
    return Status(201, _report(report))
