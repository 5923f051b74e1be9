"""Quarterly reports: the unit's desk, writing and submitting, the city's review queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.middleware import parse_as_of
from gonghui.core.stored_files import files_or_nothing
from gonghui.orgs.scoping import get_for_user_or_404
from gonghui.supervision import actions, schedule
from gonghui.supervision.actions import ReportContent
from gonghui.supervision.forms import ReportForm, ReturnForm
from gonghui.supervision.models import (
    Assignment,
    Milestone,
    QuarterlyReport,
    Reminder,
    ReportAttachment,
    ReportState,
)
from gonghui.supervision.models.plans import user_may_report, user_may_review
from gonghui.supervision.models.reports import AWAITING_REVIEW
from gonghui.supervision.progress import assess_assignments
from gonghui.supervision.views.common import as_of, first_error, staff_page


@staff_page
def desk(request: HttpRequest) -> HttpResponse:
    """The unit's desk: its assignments, the reports due this quarter, what was returned."""
    user = request.user
    day = as_of(request)
    org = user.org  # type: ignore[union-attr]
    if org is None:
        raise Http404
    assignments = Assignment.objects.for_user(user).filter(  # type: ignore[attr-defined]
        org=org, task__plan__year=day.year
    )
    units = sorted(
        assess_assignments(assignments, day),
        key=lambda u: (u.task.plan_id, u.task.order, u.task.pk),
    )
    current = schedule.quarter_of(day)
    periods = [schedule.previous_quarter(*current), current]
    reports = {
        (r.assignment_id, r.year, r.quarter): r
        for r in QuarterlyReport.objects.filter(
            assignment__in=assignments.values("pk"),
        ).filter(
            Q(year=periods[0][0], quarter=periods[0][1]) | Q(year=current[0], quarter=current[1])
        )
    }
    due_rows = []
    for u in units:
        task = u.task
        if u.assessment.status is schedule.Status.DONE or not task.needs_reports:
            continue
        for year, quarter in periods:
            if (
                not (
                    schedule.quarter_of(task.start)
                    <= (year, quarter)
                    <= schedule.quarter_of(task.deadline)
                )
                or schedule.quarter_start(year, quarter) > day
            ):
                continue
            due = task.plan.report_due(year, quarter)
            report = reports.get((u.assignment.pk, year, quarter))
            submitted = report is not None and report.first_submitted_on is not None
            if (year, quarter) != current and submitted:
                continue  # last quarter's report is in: only this quarter's matters now
            due_rows.append(
                {
                    "unit": u,
                    "year": year,
                    "quarter": quarter,
                    "due": due,
                    "report": report,
                    "overdue": due < day and not submitted,
                    "days_left": (due - day).days,
                }
            )
    returned = list(
        QuarterlyReport.objects.for_user(user)  # type: ignore[attr-defined]
        .filter(assignment__org=org, state=ReportState.RETURNED)
        .select_related("assignment__task", "author", "reviewed_by")
    )
    reminders = list(
        Reminder.objects.filter(Q(org=org, user__isnull=True) | Q(user=user))
        .select_related("assignment__task")
        .order_by("-created_on", "-pk")[:20]
    )
    return render(
        request,
        "supervision/desk.html",
        {
            "title": "本单位任务",
            "org": org,
            "units": units,
            "due_rows": due_rows,
            "returned": returned,
            "reminders": reminders,
        },
    )


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    return get_for_user_or_404(
        Assignment.objects.select_related("task__plan", "org"), request.user, pk=pk
    )


@staff_page
def report_edit(request: HttpRequest, pk: int, year: int, quarter: int) -> HttpResponse:
    """Write (or correct) the unit's report for a quarter; save it as a draft or submit it."""
    assignment = _assignment(request, pk)
    if not user_may_report(request.user, assignment):
        audit.record(
            "access.refused", request=request, obj=assignment, detail={"needs": "reporter"}
        )
        raise PermissionDenied
    if quarter not in (1, 2, 3, 4):
        raise Http404
    report = QuarterlyReport.objects.filter(
        assignment=assignment, year=year, quarter=quarter
    ).first()
    if report is not None and not report.editable:
        return redirect("supervision:report", pk=report.pk)
    day = None  # writes are dated today; the as-of date is for viewing
    status = 400 if request.method == "POST" else 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                # The file is checked before anything is written, and the report, its file
                # and the submission are one write: a refusal anywhere leaves nothing behind.
                if data["attachment"]:
                    actions.check_attachment(data["attachment"])
                with files_or_nothing():
                    report = actions.save_report(
                        assignment,
                        request.user,
                        year,
                        quarter,
                        ReportContent(
                            progress=data["progress"],
                            quantity=data["quantity"],
                            done_text=data["done_text"],
                            problems=data["problems"],
                            next_steps=data["next_steps"],
                        ),
                        on=day,
                        expected_version=data["version"],
                    )
                    if data["attachment"]:
                        actions.attach_file(report, request.user, data["attachment"])
                    done = "草稿已保存。"
                    if request.POST.get("action") == "submit":
                        if report.state == ReportState.RETURNED:
                            actions.resubmit_report(report, request.user, on=day)
                            done = "报告已重新报送，等待审核。"
                        else:
                            actions.submit_report(report, request.user, on=day)
                            done = "报告已报送，等待审核。"
                messages.success(request, done)
                return redirect("supervision:report", pk=report.pk)
            except ValidationError as exc:
                form.add_error(None, first_error(exc))
                if _stale(exc):
                    status = 409
    else:
        initial = {"version": report.version if report is not None else 0}
        if report is not None:
            initial |= {
                "progress": report.progress,
                "quantity": report.quantity,
                "done_text": report.done_text,
                "problems": report.problems,
                "next_steps": report.next_steps,
            }
        form = ReportForm(initial=initial)
    return render(
        request,
        "supervision/report_edit.html",
        {
            "title": "填报季度报告",
            "assignment": assignment,
            "task": assignment.task,
            "year": year,
            "quarter": quarter,
            "due": assignment.task.plan.report_due(year, quarter),
            "report": report,
            "form": form,
        },
        status=status,
    )


def _stale(exc: ValidationError) -> bool:
    """Whether the action refused a save made from an outdated page."""
    return not hasattr(exc, "error_dict") and any(e.code == "stale" for e in exc.error_list)


def _report(request: HttpRequest, pk: int) -> QuarterlyReport:
    return get_for_user_or_404(
        QuarterlyReport.objects.select_related(
            "assignment__task__plan", "assignment__org", "author", "reviewed_by"
        ),
        request.user,
        pk=pk,
    )


@staff_page
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    assignment = report.assignment
    return render(
        request,
        "supervision/report.html",
        {
            "title": f"{report.period_label}报告",
            "report": report,
            "assignment": assignment,
            "task": assignment.task,
            "events": report.events.select_related("actor").order_by("at", "pk"),
            "attachments": report.attachments.all(),
            "may_edit": report.editable and user_may_report(request.user, assignment),
            "may_review": report.awaiting_review
            and user_may_review(request.user, assignment.task.plan),
            "return_form": ReturnForm(),
        },
    )


def _next_or_report(request: HttpRequest, report: QuarterlyReport) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("supervision:report", pk=report.pk)


@require_POST
@staff_page
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        actions.accept_report(report, request.user)
    except ValidationError as exc:
        messages.error(request, first_error(exc))
    else:
        messages.success(request, f"已审核通过{report.assignment.org.display_name}的报告。")
    return _next_or_report(request, report)


@require_POST
@staff_page
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        actions.return_report(report, request.user, comment)
    except ValidationError as exc:
        messages.error(request, first_error(exc))
    else:
        messages.success(request, f"已将报告退回{report.assignment.org.display_name}。")
    return _next_or_report(request, report)


@require_POST
@staff_page
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit a draft, or resubmit a returned report, as it stands."""
    report = _report(request, pk)
    try:
        if report.state == ReportState.RETURNED:
            actions.resubmit_report(report, request.user)
        else:
            actions.submit_report(report, request.user)
    except ValidationError as exc:
        messages.error(request, first_error(exc))
    else:
        messages.success(request, "报告已报送，等待审核。")
    return redirect("supervision:report", pk=report.pk)


@staff_page
def review_queue(request: HttpRequest) -> HttpResponse:
    """Submitted reports on the plans of the user's org, to accept or return."""
    user = request.user
    queue = QuarterlyReport.objects.for_user(user).filter(state__in=AWAITING_REVIEW)  # type: ignore[attr-defined]
    if not user.is_superuser:
        queue = queue.filter(assignment__task__plan__org_id=user.org_id)  # type: ignore[union-attr]
    queue = queue.select_related("assignment__task", "assignment__org", "author").order_by(
        "submitted_on", "pk"
    )
    return render(
        request,
        "supervision/review.html",
        {"title": "报告审核", "queue": list(queue[:200]), "return_form": ReturnForm()},
    )


@staff_page
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_for_user_or_404(ReportAttachment, request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.display_name,
        content_type=attachment.content_type,
    )


@require_POST
@staff_page
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a milestone done (by the responsible unit), with its evidence."""
    milestone = get_for_user_or_404(
        Milestone.objects.select_related("assignment__org", "assignment__task"),
        request.user,
        pk=pk,
    )
    done_on = parse_as_of(request.POST.get("done_on", "")) or timezone.localdate()
    try:
        actions.record_milestone_done(
            milestone, request.user, done_on, request.POST.get("evidence", "")
        )
    except ValidationError as exc:
        messages.error(request, first_error(exc))
    else:
        messages.success(request, f"节点“{milestone.title}”已标记完成。")
    return redirect(reverse("supervision:task", args=[milestone.assignment.task_id]))
