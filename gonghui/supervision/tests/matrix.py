"""This module's rows of the scoping matrix (see gonghui/orgs/tests/test_scoping_matrix.py).

The records are made inside each row's URL builder: a city plan whose task is assigned to 建宁
only, so 泰宁 (a sibling) and the 建宁 grassroots chair must not find it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.orgs.models import User
from gonghui.orgs.tests.matrix_types import STAFF_ONLY_403, Row
from gonghui.supervision import actions
from gonghui.supervision.actions import ReportContent
from gonghui.supervision.models import (
    Assignment,
    InnovationProject,
    Milestone,
    ProjectReview,
    QuarterlyReport,
    Task,
    WorkPlan,
)

STAFF_200 = {
    **STAFF_ONLY_403,
    "city_officer": 200,
    "jianning_officer": 200,
    "taining_officer": 200,
    "chair": 200,
}
# A record of 建宁's: the city and 建宁 see it; 泰宁 and the grassroots chair do not.
JIANNING_ONLY = {**STAFF_ONLY_403, "city_officer": 200, "jianning_officer": 200}
HIDDEN = {"taining_officer": 404, "chair": 404}


def _assignment(t: Any) -> Assignment:
    plan, _ = WorkPlan.objects.get_or_create(org=t.city, year=2018, title="矩阵测试计划")
    task, _ = Task.objects.get_or_create(
        plan=plan,
        title="困难职工档案动态管理",
        defaults={"start": date(2018, 1, 1), "deadline": date(2018, 12, 31)},
    )
    assignment, _ = Assignment.objects.get_or_create(task=task, org=t.jianning)
    return assignment


def _report(t: Any, submit: bool = True) -> QuarterlyReport:
    author = User.objects.get(username="jianning")
    report = actions.save_report(
        _assignment(t),
        author,
        2018,
        1,
        ReportContent(progress=Decimal(30), done_text="部署推进"),
        on=date(2018, 3, 30),
    )
    return actions.submit_report(report, author, on=date(2018, 3, 30)) if submit else report


def _attachment(t: Any) -> int:
    report = _report(t, submit=False)
    upload = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4\n")
    return actions.attach_file(report, User.objects.get(username="jianning"), upload).pk


def _milestone(t: Any) -> int:
    return Milestone.objects.create(
        assignment=_assignment(t), title="方案", due_on=date(2018, 3, 31)
    ).pk


def _review(t: Any) -> int:
    project = InnovationProject.objects.create(
        org=t.jianning, year=2018, title="职工之家", entered_on=date(2018, 4, 1)
    )
    return ProjectReview.objects.create(
        project=project, judge=User.objects.get(username="judge")
    ).pk


ROWS: list[Row] = [
    Row("supervision:overview", lambda t: reverse("supervision:overview"), STAFF_200),
    Row("supervision:overview_xlsx", lambda t: reverse("supervision:overview_xlsx"), STAFF_200),
    Row(
        "supervision:task",
        lambda t: reverse("supervision:task", args=[_assignment(t).task_id]),
        {**JIANNING_ONLY, **HIDDEN},
    ),
    Row("supervision:league", lambda t: reverse("supervision:league"), STAFF_200),
    Row("supervision:league_xlsx", lambda t: reverse("supervision:league_xlsx"), STAFF_200),
    Row("supervision:import", lambda t: reverse("supervision:import"), STAFF_200),
    Row(
        "supervision:import",
        lambda t: reverse("supervision:import"),
        {**STAFF_200},
        method="post",
        label="空表单",
    ),
    Row("supervision:notice", lambda t: reverse("supervision:notice"), STAFF_200),
    Row(
        "supervision:notice_docx",
        lambda t: (
            reverse("supervision:notice_docx", query={"as_of": "2018-06-30"})
            if _assignment(t)
            else ""
        ),
        {**STAFF_ONLY_403, **HIDDEN, "city_officer": 200, "jianning_officer": 404},
        label="通报由制定计划的单位印发",
    ),
    Row(
        "supervision:notice_xlsx",
        lambda t: (
            reverse("supervision:notice_xlsx", query={"as_of": "2018-06-30"})
            if _assignment(t)
            else ""
        ),
        {**STAFF_ONLY_403, **HIDDEN, "city_officer": 200, "jianning_officer": 404},
    ),
    Row("supervision:desk", lambda t: reverse("supervision:desk"), STAFF_200),
    Row("supervision:review", lambda t: reverse("supervision:review"), STAFF_200),
    Row("supervision:submissions", lambda t: reverse("supervision:submissions"), STAFF_200),
    Row(
        "supervision:report_edit",
        lambda t: reverse("supervision:report_edit", args=[_assignment(t).pk, 2018, 1]),
        {**STAFF_ONLY_403, **HIDDEN, "city_officer": 403, "jianning_officer": 200},
        label="只有责任单位本单位填报",
    ),
    Row(
        "supervision:report",
        lambda t: reverse("supervision:report", args=[_report(t).pk]),
        {**JIANNING_ONLY, **HIDDEN},
    ),
    Row(
        "supervision:report_submit",
        lambda t: reverse("supervision:report_submit", args=[_report(t, submit=False).pk]),
        {**STAFF_ONLY_403, **HIDDEN, "city_officer": 403, "jianning_officer": 302},
        method="post",
    ),
    Row(
        "supervision:report_accept",
        lambda t: reverse("supervision:report_accept", args=[_report(t).pk]),
        {**STAFF_ONLY_403, **HIDDEN, "city_officer": 302, "jianning_officer": 403},
        method="post",
    ),
    Row(
        "supervision:report_return",
        lambda t: reverse("supervision:report_return", args=[_report(t).pk]),
        {**STAFF_ONLY_403, **HIDDEN, "city_officer": 302, "jianning_officer": 403},
        method="post",
        data={"comment": "请补充材料"},
    ),
    Row(
        "supervision:attachment",
        lambda t: reverse("supervision:attachment", args=[_attachment(t)]),
        {**JIANNING_ONLY, **HIDDEN},
    ),
    Row(
        "supervision:milestone_done",
        lambda t: reverse("supervision:milestone_done", args=[_milestone(t)]),
        {**STAFF_ONLY_403, **HIDDEN, "city_officer": 403, "jianning_officer": 302},
        method="post",
        data={"done_on": "2018-03-20", "evidence": "方案已印发"},
    ),
    Row(
        "supervision:innovation",
        lambda t: reverse("supervision:innovation"),
        {**STAFF_200, "judge": 200},
    ),
    Row(
        "supervision:review_score",
        lambda t: reverse("supervision:review_score", args=[_review(t)]),
        {
            "judge": 302,
            "city_officer": 403,
            "jianning_officer": 403,
            "taining_officer": 404,
            "chair": 404,
            "lawyer": 404,
            "worker": 404,
            "anonymous": 302,
        },
        method="post",
    ),
]
