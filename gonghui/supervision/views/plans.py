"""The plan overview, a task's page, the league table, exports, the plan import and the notice."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core import audit, figure_cache
from gonghui.core.documents import docx_response
from gonghui.core.spreadsheets import ImportRejected, write_xlsx, xlsx_response
from gonghui.orgs.scoping import scope_key
from gonghui.supervision import notice, schedule
from gonghui.supervision.forms import ImportForm, NoticeForm
from gonghui.supervision.importer import import_plan
from gonghui.supervision.models import (
    COUNTED_STATES,
    Assignment,
    Measure,
    Milestone,
    QuarterlyReport,
    ReportEvent,
    Task,
    WorkPlan,
)
from gonghui.supervision.models.plans import user_may_report, user_may_review
from gonghui.supervision.overview import (
    STATUS_CHOICES,
    AreaBlock,
    Filters,
    League,
    Overview,
    TaskRow,
    attach_latest_reports,
    build_league,
    build_overview,
    choose_plan,
    plans_for,
)
from gonghui.supervision.progress import assess_assignments, summarize_tasks
from gonghui.supervision.views.common import as_of, staff_page

TASKS_PER_PAGE = 20


@dataclass
class OverviewPage:
    """One page of the overview: the plan's summary and the page's rows (what is cached)."""

    data: Overview
    number: int
    task_rows: int
    grouped: list[tuple[AreaBlock, list[TaskRow]]]


def overview_page(
    user: Any, plan: WorkPlan, day: date, filters: Filters, raw_page: str | None
) -> OverviewPage:
    """The page's rows and the plan's summary, cached until any record changes."""
    wanted = raw_page if raw_page and raw_page.isdigit() else "1"
    key = f"supervision:overview:{scope_key(user)}:{plan.pk}:{day.isoformat()}:{filters.key()}:{wanted}"

    def compute() -> OverviewPage:
        data = build_overview(user, plan, day, filters)
        task_rows = [(block, row) for block in data.blocks for row in block.tasks]
        page = Paginator(task_rows, TASKS_PER_PAGE).get_page(wanted)
        shown = [u for _block, row in page for u in row.units]
        attach_latest_reports(data, shown)
        return OverviewPage(data.for_page(shown), page.number, len(task_rows), _group_page(page))

    return figure_cache.cached(key, figure_cache.current(), compute)


@staff_page
def overview(request: HttpRequest) -> HttpResponse:
    """Areas → tasks → units with status light, gap and latest report, as of the chosen date."""
    day = as_of(request)
    plans = plans_for(request.user)
    plan = choose_plan(plans, request.GET.get("plan"), day)
    filters = Filters.from_query(request.GET)
    if plan is None:
        shown = OverviewPage(Overview(None, day, filters), 1, 0, [])
    else:
        shown = overview_page(request.user, plan, day, filters, request.GET.get("page"))
    data = shown.data
    # The pager over row numbers only: the rows themselves come from the cached page.
    page = Paginator(range(shown.task_rows), TASKS_PER_PAGE).get_page(shown.number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/overview.html",
        {
            "title": "督查督办",
            "plans": plans,
            "plan": plan,
            "data": data,
            "page": page,
            "grouped": shown.grouped,
            "filters": filters,
            "status_choices": STATUS_CHOICES,
            "status_summary": [
                (value, label, data.status_counts.get(value, 0)) for value, label in STATUS_CHOICES
            ],
            "query": query.urlencode(),
        },
    )


def _group_page(page: Any) -> list[tuple[AreaBlock, list[TaskRow]]]:
    """The page's task rows under their areas (blocks without the other pages' rows)."""
    grouped: list[tuple[AreaBlock, list[TaskRow]]] = []
    for block, row in page:
        if not grouped or grouped[-1][0].area is not block.area:
            grouped.append((AreaBlock(block.area), []))
        grouped[-1][1].append(row)
    return grouped


def _latest_label(report: QuarterlyReport | None) -> str:
    if report is None:
        return "无"
    return f"{report.year}年Q{report.quarter} {report.get_state_display()} {report.progress}%"


@staff_page
def overview_xlsx(request: HttpRequest) -> HttpResponse:
    """The overview (with its filters) as a spreadsheet."""
    day = as_of(request)
    plan = choose_plan(plans_for(request.user), request.GET.get("plan"), day)
    data = build_overview(request.user, plan, day, Filters.from_query(request.GET))
    attach_latest_reports(data, data.rows)
    rows = []
    for block in data.blocks:
        for row in block.tasks:
            for u in row.units:
                a = u.assessment
                report = data.latest_reports.get(u.latest_report_id or 0)
                rows.append(
                    [
                        block.area.name if block.area else "",
                        row.task.number,
                        row.task.title,
                        row.task.lead_leader,
                        row.task.lead_department,
                        u.assignment.org.name,
                        row.task.deadline,
                        a.expected_pct,
                        a.actual_pct,
                        a.gap,
                        a.status_label,
                        a.colour_label,
                        _latest_label(report),
                        "是" if u.no_follow_up else "",
                    ]
                )
    audit.record("supervision.overview.exported", request=request, detail={"rows": len(rows)})
    content = write_xlsx(
        [
            "领域",
            "序号",
            "工作任务",
            "责任领导",
            "责任部室",
            "责任单位",
            "完成时限",
            "序时进度（%）",
            "完成进度（%）",
            "差距（百分点）",
            "状态",
            "亮灯",
            "最近报告",
            "上期以来未报告",
        ],
        rows,
        "督查督办总览",
    )
    return xlsx_response(content, f"督查督办总览_{day.isoformat()}.xlsx")


@staff_page
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task: each unit's progress, the line of actual against expected, reports, milestones."""
    task = _task_or_404(request, pk)
    day = as_of(request)
    assignments = Assignment.objects.for_user(request.user).filter(task=task)
    units = assess_assignments(assignments, day)
    units.sort(key=lambda u: u.assignment.org.path)
    subtasks = list(task.subtasks.select_related("plan").order_by("order", "pk"))
    sub_units = assess_assignments(
        Assignment.objects.for_user(request.user).filter(task__in=subtasks), day
    )
    summary = summarize_tasks([task, *subtasks], [*units, *sub_units], day)
    reports = list(
        QuarterlyReport.objects.filter(assignment__in=assignments.values("pk"))
        .select_related("assignment__org", "author")
        .order_by("-year", "-quarter", "assignment__org__path")
    )
    milestones = list(
        Milestone.objects.filter(assignment__in=assignments.values("pk"))
        .select_related("assignment__org")
        .order_by("assignment__org__path", "order")
    )
    events = list(
        ReportEvent.objects.filter(report__assignment__in=assignments.values("pk"))
        .select_related("report__assignment__org", "actor")
        .order_by("-at")[:50]
    )
    return render(
        request,
        "supervision/task.html",
        {
            "title": task.title,
            "task": task,
            "progress": summary[task.pk],
            "subtasks": [summary[s.pk] for s in subtasks],
            "units": units,
            "reports": reports,
            "milestones": milestones,
            "events": events,
            "chart": _chart(task, units, reports, milestones, day),
            "may_review": user_may_review(request.user, task.plan),
            "reportable": {
                u.assignment.pk for u in units if user_may_report(request.user, u.assignment)
            },
        },
    )


def _task_or_404(request: HttpRequest, pk: int) -> Task:
    queryset = Task.objects.select_related("plan", "area", "parent")
    visible = Task.objects.for_user(request.user).filter(pk=pk)  # type: ignore[attr-defined]
    if not visible.exists():
        if queryset.filter(pk=pk).exists():
            audit.record(
                "access.denied", request=request, detail={"model": "supervision.Task", "pk": pk}
            )
        raise Http404
    return queryset.get(pk=pk)


def _month_ends(start: date, end: date) -> list[date]:
    """The start, each month's end in between, and the end: the points of the expected line."""
    points = [start]
    year, month = start.year, start.month
    while True:
        last = date(year, month, calendar.monthrange(year, month)[1])
        if last >= end:
            break
        if last > start:
            points.append(last)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if end > start:
        points.append(end)
    return points


def _chart(
    task: Task,
    units: list[object],
    reports: list[QuarterlyReport],
    milestones: list[Milestone],
    day: date,
) -> dict[str, object]:
    """ECharts series: the expected line, and each unit's stated progress over time."""
    plan = schedule.make_plan(task.start, task.deadline, curve=task.curve_shares())
    expected = [
        [d.isoformat(), round(plan.expected(d) * 100, 1)]
        for d in _month_ends(task.start, task.deadline)
    ]
    series: dict[str, list[list[object]]] = defaultdict(list)
    if task.measure == Measure.MILESTONES:
        by_unit: dict[str, list[Milestone]] = defaultdict(list)
        for m in milestones:
            by_unit[m.assignment.org.display_name].append(m)
        for name, steps in by_unit.items():
            total = sum(float(m.weight) for m in steps) or 1.0
            done = sorted(
                (m.done_on, float(m.weight)) for m in steps if m.done_on and m.done_on <= day
            )
            series[name].append([task.start.isoformat(), 0])
            running = 0.0
            for when, weight in done:
                running += weight
                series[name].append([when.isoformat(), round(100 * running / total, 1)])
    else:
        for r in sorted(reports, key=lambda r: r.submitted_on or date.min):
            if r.state in COUNTED_STATES and r.submitted_on and r.submitted_on <= day:
                series[r.assignment.org.display_name].append(
                    [r.submitted_on.isoformat(), float(r.progress)]
                )
    return {
        "expected": expected,
        "units": [{"name": name, "data": points} for name, points in sorted(series.items())],
        "as_of": day.isoformat(),
    }


def cached_league(user: Any, day: date) -> League:
    """The league table, cached until any record changes."""
    key = f"supervision:league:{scope_key(user)}:{day.isoformat()}"
    return figure_cache.cached(key, figure_cache.current(), lambda: build_league(user, day))


@staff_page
def league(request: HttpRequest) -> HttpResponse:
    """Counties ranked: on-time reports, share of work behind, average gap, and the spread."""
    data = cached_league(request.user, as_of(request))
    return render(request, "supervision/league.html", {"title": "县（市、区）排名", "league": data})


LEAGUE_HEADERS = [
    "排名",
    "单位",
    "任务数",
    "已开始",
    "已完成",
    "滞后",
    "滞后占比（%）",
    "平均差距（百分点）",
    "应报告",
    "按时报告",
    "按时报告率（%）",
    "上期以来未报告",
]


def league_rows(data: object) -> list[list[object]]:
    return [
        [
            r.rank or "",
            r.org.name,
            r.assignments,
            r.started,
            r.done,
            r.behind,
            r.behind_share,
            r.average_gap,
            r.reports_due,
            r.reports_on_time,
            r.on_time_rate,
            r.no_follow_up,
        ]
        for r in data.rows  # type: ignore[attr-defined]
    ]


@staff_page
def league_xlsx(request: HttpRequest) -> HttpResponse:
    day = as_of(request)
    data = cached_league(request.user, day)
    rows = league_rows(data)
    s = data.spread
    rows.append([])
    rows.append(["", "快慢差距", "", "", "", "", "", f"最大相差{s.range}，标准差{s.stdev}"])
    audit.record("supervision.league.exported", request=request, detail={"rows": len(data.rows)})
    return xlsx_response(
        write_xlsx(LEAGUE_HEADERS, rows, "县区排名"), f"县区排名_{day.isoformat()}.xlsx"
    )


@staff_page
def plan_import(request: HttpRequest) -> HttpResponse:
    """Import a plan from Excel: every bad row reported, nothing written unless all are good."""
    errors: list[str] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                plan = import_plan(
                    upload,
                    upload.name,
                    request.user,
                    title=form.cleaned_data["title"],
                    year=form.cleaned_data["year"],
                    kind=form.cleaned_data["kind"],
                )
            except ImportRejected as exc:
                errors = [str(e) for e in exc.errors]
            else:
                messages.success(request, f"已导入“{plan.title}”，共{plan.tasks.count()}项任务。")
                return redirect(f"{reverse('supervision:overview')}?plan={plan.pk}")
    else:
        form = ImportForm(initial={"year": as_of(request).year})
    return render(
        request,
        "supervision/import.html",
        {"title": "导入工作计划", "form": form, "errors": errors},
        status=400 if errors else 200,
    )


@staff_page
def notice_page(request: HttpRequest) -> HttpResponse:
    """The notice's figures for the chosen date, with the downloads."""
    org = request.user.org  # type: ignore[union-attr]
    if org is None:
        raise Http404
    data = notice.gather(request.user, org, as_of(request))
    return render(
        request,
        "supervision/notice.html",
        {
            "title": "季度通报",
            "notice": data,
            "rows": notice.table_rows(data),
            "headers": notice.TABLE_HEADERS,
            "form": NoticeForm(request.GET or None),
        },
    )


@staff_page
def notice_docx(request: HttpRequest) -> HttpResponse:
    org = request.user.org  # type: ignore[union-attr]
    if org is None:
        raise Http404
    form = NoticeForm(request.GET)
    doc_number = form.cleaned_data["doc_number"] if form.is_valid() else ""
    data = notice.gather(request.user, org, as_of(request))
    if not data.has_plans:
        raise Http404
    audit.record(
        "supervision.notice.generated",
        request=request,
        org=org,
        detail={"as_of": data.as_of.isoformat(), "doc_number": doc_number},
    )
    return docx_response(notice.document(data, doc_number), f"{data.title}.docx")  # type: ignore[return-value]


@staff_page
def notice_xlsx(request: HttpRequest) -> HttpResponse:
    org = request.user.org  # type: ignore[union-attr]
    if org is None:
        raise Http404
    data = notice.gather(request.user, org, as_of(request))
    if not data.has_plans:
        raise Http404
    return xlsx_response(
        write_xlsx(notice.TABLE_HEADERS, notice.table_rows(data), "通报附表"),
        f"{data.title}（附表）.xlsx",
    )
