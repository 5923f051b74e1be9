"""Pages of data comparison: upload and map a list, follow its run, review flags, county summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.matching import actions, engine
from gonghui.matching.figures import OVERDUE_DAYS, county_summary
from gonghui.matching.forms import ConfirmForm, DismissForm, MappingForm, UploadForm
from gonghui.matching.housekeeping import reap_run
from gonghui.matching.models import (
    ComparisonRun,
    Flag,
    FlagState,
    Implication,
    ReferenceList,
    RunStatus,
)
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404

# The engine's evidence keys as a caseworker reads them.
EVIDENCE_LABELS = {
    "list_id": "名单身份证号",
    "archive_id": "档案身份证号",
    "id_form": "身份证号形式",
    "id_differences": "身份证号不同位数",
    "list_name": "名单姓名",
    "archive_name": "档案姓名",
    "name_agrees": "姓名一致",
    "name_similarity": "姓名相似度",
    "homophones": "同音字数",
    "near_homophones": "近音字数",
    "birth_date": "出生日期",
    "list_birth_date": "名单出生日期",
    "sex": "性别",
    "region": "地区",
    "tied_candidates": "同分候选人数",
    "archive_search": "档案查询",
    "fact_date": "名单事实日期",
    "value": "名单金额/数值",
}

ID_STATUS_LABELS = {
    "valid": "有效",
    "valid15": "15位（将转换）",
    "invalid": "无效",
    "missing": "缺失",
}


def _shown(value: Any) -> Any:
    """Booleans of the evidence in Chinese."""
    if value is True:
        return "是"
    if value is False:
        return "否"
    return value


def _as_of(request: HttpRequest) -> date:
    return getattr(request, "as_of", None) or date.today()


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@staff_required
def list_index(request: HttpRequest) -> HttpResponse:
    """Upload a list, and the lists and runs so far."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ref = actions.upload_list(
                request.user,
                org=request.user.org,  # type: ignore[union-attr]
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                source=form.cleaned_data["source"],
                upload=form.cleaned_data["file"],
                request=request,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"已上传“{ref.title}”，请确认列对应。")
            return redirect("matching:mapping", pk=ref.pk)
    lists = (
        ReferenceList.objects.for_user(request.user)
        .select_related("org", "uploaded_by")
        .annotate(run_count=Count("runs"))
        .order_by("-uploaded_at", "-pk")
    )
    page = Paginator(lists, 20).get_page(request.GET.get("page"))
    recent_runs = (
        ComparisonRun.objects.for_user(request.user)
        .select_related("reference_list", "org")
        .order_by("-created_at")[:10]
    )
    return render(
        request,
        "matching/list_index.html",
        {"title": "数据比对", "form": form, "page": page, "runs": recent_runs},
    )


@login_required
@staff_required
def mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """Map the list's columns, preview rows and ID counts, then start the run."""
    ref = get_for_user_or_404(ReferenceList.objects.select_related("org"), request.user, pk=pk)
    headers: list[str] = []
    if ref.file_deleted_at is None and ref.file_path and Path(ref.file_path).is_file():
        try:
            headers = engine.list_headers(ref.file_path, ref.filename)
        except engine.ListFileError as exc:
            messages.error(request, str(exc))
    form = MappingForm(request.POST or None, headers=headers, initial=ref.column_mapping)
    shown: dict[str, Any] | None = None
    if request.method == "POST" and headers and form.is_valid():
        try:
            shown = actions.map_columns(request.user, ref, form.mapping())
            if request.POST.get("action") == "run":
                run = actions.start_run(request.user, ref, _as_of(request), request=request)
                messages.success(request, "比对已在后台开始，可离开本页，稍后回来查看。")
                return redirect("matching:run_detail", pk=run.pk)
        except ValidationError as exc:
            _errors(request, exc)
    if shown:
        for row in shown["rows"]:
            row["id_status_label"] = ID_STATUS_LABELS.get(row["id_status"], row["id_status"])
    return render(
        request,
        "matching/mapping.html",
        {
            "title": f"{ref.title} · 列对应",
            "ref": ref,
            "form": form,
            "headers": headers,
            "shown": shown,
            "runs": ref.runs.order_by("-created_at")[:5],
        },
    )


def _run(request: HttpRequest, pk: int) -> ComparisonRun:
    """The run, failed first if its worker has gone silent (so the page says so)."""
    run = get_for_user_or_404(
        ComparisonRun.objects.select_related("reference_list", "org", "started_by"),
        request.user,
        pk=pk,
    )
    if run.status == RunStatus.RUNNING and reap_run(run):
        run.refresh_from_db()
    return run


@login_required
@staff_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's progress (polled every 2 s while running), counts and stage times."""
    run = _run(request, pk)
    return render(request, "matching/run_detail.html", {"title": "比对任务", "run": run})


@login_required
@staff_required
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the run page polls."""
    run = _run(request, pk)
    return render(request, "matching/_progress.html", {"run": run})


@login_required
@staff_required
@require_POST
def run_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Compare a failed run's list again (its file is kept when the worker was interrupted)."""
    run = _run(request, pk)
    try:
        if run.status != RunStatus.FAILED:
            raise ValidationError("只有失败的比对可以重新运行")
        again = actions.start_run(request.user, run.reference_list, run.as_of, request=request)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("matching:run_detail", pk=run.pk)
    messages.success(request, "已重新开始比对。")
    return redirect("matching:run_detail", pk=again.pk)


def _filtered_flags(request: HttpRequest) -> tuple[Any, dict[str, str]]:
    flags = Flag.objects.for_user(request.user).select_related(
        "household", "county", "person", "run__reference_list"
    )
    filters = {
        key: request.GET.get(key, "") for key in ("state", "run", "county", "method", "implication")
    }
    state = filters["state"] or FlagState.OPEN
    filters["state"] = state
    if state != "all":
        flags = flags.filter(state=state)
    if filters["run"].isdigit():
        flags = flags.filter(run_id=int(filters["run"]))
    if filters["county"].isdigit():
        flags = flags.filter(county_id=int(filters["county"]))
    if filters["method"]:
        flags = flags.filter(method=filters["method"])
    if filters["implication"]:
        flags = flags.filter(implication=filters["implication"])
    return flags.order_by("raised_on", "pk"), filters


@login_required
@staff_required
def flag_list(request: HttpRequest) -> HttpResponse:
    """Flags to review, oldest first."""
    flags, filters = _filtered_flags(request)
    page = Paginator(flags, 50).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "matching/flag_list.html",
        {
            "title": "比对疑点",
            "page": page,
            "filters": filters,
            "query": query,
            "as_of": _as_of(request),
            "states": [
                ("open", "待核实"),
                ("confirmed", "已确认"),
                ("dismissed", "已排除"),
                ("all", "全部"),
            ],
        },
    )


def _flag(request: HttpRequest, pk: int) -> Flag:
    return get_for_user_or_404(
        Flag.objects.select_related(
            "household__county",
            "household__org",
            "person",
            "org",
            "county",
            "run__reference_list",
            "decided_by",
        ),
        request.user,
        pk=pk,
    )


def adjustment_url(flag: Flag) -> str:
    """The hardship archive adjustment the flag calls for, pre-filled through the query; for
    a new candidate, the survey form with the county and the listed name."""
    ref = flag.run.reference_list
    if flag.implication == Implication.NEW_CANDIDATE or flag.household_id is None:
        query = {"county": flag.county_id, "head_name": flag.subject_name}
        return reverse("hardship:survey") + "?" + urlencode(query)
    note = f"数据比对：{ref.title}第{flag.list_row}行（{flag.subject_name}）"
    if flag.implication == Implication.REMOVE_MEMBER:
        query = {"reason": "deceased", "note": note}
        return reverse("hardship:remove", args=[flag.household_id]) + "?" + urlencode(query)
    if flag.implication == Implication.DUPLICATE:
        query = {"reason": "duplicate", "note": note}
        return reverse("hardship:remove", args=[flag.household_id]) + "?" + urlencode(query)
    if flag.implication == Implication.REVIEW_ELIGIBILITY:
        query = {"removal_reason": "ineligible", "note": note}
        return reverse("hardship:review", args=[flag.household_id]) + "?" + urlencode(query)
    return reverse("hardship:household_detail", args=[flag.household_id])


@login_required
@staff_required
def flag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One flag with its evidence, and the confirm / dismiss forms."""
    flag = _flag(request, pk)
    return render(
        request,
        "matching/flag_detail.html",
        {
            "title": f"{'新增建档线索' if flag.is_new_candidate else '疑点'}：{flag.subject_name}",
            "flag": flag,
            "evidence": [
                (EVIDENCE_LABELS.get(key, key), _shown(value))
                for key, value in flag.evidence.items()
                if value not in (None, "")
            ],
            "days_open": flag.days_open(_as_of(request)),
            "adjust_url": adjustment_url(flag),
            "dismiss_form": DismissForm(initial={"version": flag.version}),
        },
    )


@login_required
@staff_required
@require_POST
def flag_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then open the archive adjustment."""
    flag = _flag(request, pk)
    form = ConfirmForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        actions.confirm_flag(request.user, flag, version, request=request)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("matching:flag_detail", pk=flag.pk)
    if flag.is_new_candidate:
        messages.success(request, "已确认新增建档线索，请入户调查并填写调查表。")
    else:
        messages.success(request, "已确认疑点，请完成档案调整。")
    return redirect(adjustment_url(flag))


@login_required
@staff_required
@require_POST
def flag_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Dismiss with a reason."""
    flag = _flag(request, pk)
    form = DismissForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("排除疑点须填写理由")
        actions.dismiss_flag(
            request.user,
            flag,
            form.cleaned_data["reason"],
            form.cleaned_data["version"],
            request=request,
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("matching:flag_detail", pk=flag.pk)
    messages.success(request, "已排除疑点；同一名单再次比对时不会重复提示。")
    return redirect("matching:flag_list")


@login_required
@staff_required
def summary(request: HttpRequest) -> HttpResponse:
    """Per county: open, confirmed and dismissed flags, and how long they have been open."""
    as_of = _as_of(request)
    rows = county_summary(Flag.objects.for_user(request.user), as_of)
    return render(
        request,
        "matching/summary.html",
        {"title": "比对疑点处理情况", "rows": rows, "as_of": as_of, "overdue_days": OVERDUE_DAYS},
    )
