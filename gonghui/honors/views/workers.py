"""Model workers (劳模名册) with visits, benefits, import and export; studios; craftsmen."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core import spreadsheets
from gonghui.core.personal import can_reveal_ids
from gonghui.honors import actions, imports
from gonghui.honors.forms import (
    BenefitsForm,
    ModelWorkerFilter,
    VisitForm,
)
from gonghui.honors.models import (
    Craftsman,
    ModelWorker,
    ModelWorkerVisit,
    Studio,
)
from gonghui.honors.views.common import (
    PAGE_SIZE,
    counties_of_user,
    county_names,
    county_of_path,
    error_text,
    module_figures,
)
from gonghui.orgs.models import Org, subtree_q
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404, visible_orgs


def _filtered_workers(
    request: HttpRequest, counties: list[Org]
) -> tuple[ModelWorkerFilter, QuerySet[ModelWorker]]:
    """The user's model workers as of the page's date, narrowed by the filter form."""
    as_of: date = request.as_of  # type: ignore[attr-defined]
    data = request.GET.copy()
    # A drill-down from a figure (?org=) may name any unit, not only a county of the filter.
    unit = None
    raw_org = data.get("org", "")
    if raw_org.isdigit() and int(raw_org) not in {c.pk for c in counties}:
        data.pop("org")
        unit = visible_orgs(request.user).filter(pk=int(raw_org)).first()
        if unit is None:
            return ModelWorkerFilter(data, counties=counties), ModelWorker.objects.none()
    form = ModelWorkerFilter(data or None, counties=counties)
    year_visits = ModelWorkerVisit.objects.filter(
        model_worker=OuterRef("pk"), visited_on__gte=date(as_of.year, 1, 1), visited_on__lte=as_of
    )
    rows = (
        ModelWorker.objects.for_user(request.user)
        .filter(awarded_on__lte=as_of)
        .select_related("org")
        .annotate(
            visited_this_year=Exists(year_visits),
            last_visit=Max("visits__visited_on", filter=Q(visits__visited_on__lte=as_of)),
        )
        .order_by("level", "-awarded_on", "name", "pk")
    )
    if unit is not None:
        rows = rows.filter(subtree_q(unit, "org"))
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            rows = rows.filter(name__contains=data["q"].strip())
        if data["level"]:
            rows = rows.filter(level=data["level"])
        if data["org"]:
            county = next(c for c in counties if c.pk == data["org"])
            rows = rows.filter(subtree_q(county, "org"))
        if data["pension"]:
            rows = rows.filter(pension_status=data["pension"])
        if data["visited"]:
            rows = rows.filter(visited_this_year=data["visited"] == "yes")
    return form, rows


@login_required
@staff_required
def model_workers(request: HttpRequest) -> HttpResponse:
    """Model workers (劳模名册) with filters by level, county, pension status and visits."""
    counties = counties_of_user(request)
    form, rows = _filtered_workers(request, counties)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    names = county_names(counties)
    for worker in page:
        worker.county_name = county_of_path(worker.org.path, names)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "honors/model_workers.html",
        {
            "title": "劳模名册",
            "form": form,
            "page": page,
            "figures": module_figures(request),
            "query": query.urlencode(),
        },
    )


@login_required
@staff_required
def model_workers_export(request: HttpRequest) -> HttpResponse:
    """The filtered roster as xlsx, ID numbers masked (导出劳模名册)."""
    counties = counties_of_user(request)
    _form, rows = _filtered_workers(request, counties)
    names = county_names(counties)
    content = spreadsheets.write_xlsx(
        EXPORT_HEADERS,
        (
            [
                w.name,
                w.id_number_masked,
                w.get_level_display(),
                w.awarded_on,
                county_of_path(w.org.path, names),
                w.org.name,
                w.job,
                "是" if w.front_line else "否",
                w.get_pension_status_display(),
                w.monthly_allowance,
                w.last_visit if w.visited_this_year else "今年未走访",
            ]
            for w in rows.iterator(chunk_size=2000)
        ),
        "劳模名册",
    )
    as_of = request.as_of  # type: ignore[attr-defined]
    return spreadsheets.xlsx_response(content, f"劳模名册_{as_of:%Y%m%d}.xlsx")


EXPORT_HEADERS = [
    "姓名",
    "身份证号",
    "称号级别",
    "授予日期",
    "县（市、区）",
    "所在基层工会",
    "工作单位及职务",
    "一线职工",
    "补充养老保险",
    "每月荣誉津贴",
    "最近走访",
]


@login_required
@staff_required
def model_workers_import(request: HttpRequest) -> HttpResponse:
    """Upload a roster (xlsx/csv): all rows imported, or none with every error listed."""
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = ["请选择要导入的 Excel（.xlsx）或 CSV 文件"]
        else:
            try:
                count = imports.import_model_workers(request.user, upload, upload.name)
            except spreadsheets.ImportRejected as exc:
                errors = spreadsheets.error_message(exc.errors, exc.filename).splitlines()
            else:
                messages.success(request, f"已导入{count}名劳模")
                return redirect("honors:model_workers")
    return render(
        request,
        "honors/model_workers_import.html",
        {"title": "导入劳模名册", "errors": errors, "headers": imports.HEADERS},
    )


@login_required
@staff_required
def model_workers_template(request: HttpRequest) -> HttpResponse:
    """An empty roster with the expected headers and one example row."""
    # Built from the import's own declaration, so its columns cannot drift from the headers.
    example = imports.example_row(request.user)
    content = spreadsheets.write_xlsx(imports.HEADERS, [example], "劳模名册")
    return spreadsheets.xlsx_response(content, "劳模名册导入模板.xlsx")


def _detail_page(request: HttpRequest, worker: ModelWorker, revealed: str = "") -> HttpResponse:
    return render(
        request,
        "honors/model_worker_detail.html",
        {
            "title": worker.name,
            "worker": worker,
            "revealed": revealed,
            "may_reveal": can_reveal_ids(request.user),
            "visits": worker.visits.select_related("recorded_by"),
            "studios": worker.studios.all(),
            "form": VisitForm(initial={"visited_on": request.as_of}),  # type: ignore[attr-defined]
            "benefits_form": BenefitsForm(
                initial={
                    "pension_status": worker.pension_status,
                    "monthly_allowance": worker.monthly_allowance,
                    "version": worker.version,
                }
            ),
        },
    )


@login_required
@staff_required
def model_worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A model worker with benefits, studios led and visits; 404 outside the user's subtree."""
    worker = get_for_user_or_404(ModelWorker.objects.select_related("org"), request.user, pk=pk)
    return _detail_page(request, worker)


@require_POST
@login_required
@staff_required
def model_worker_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full ID number once, to a permitted user who gives a reason (audited)."""
    worker = get_for_user_or_404(ModelWorker.objects.select_related("org"), request.user, pk=pk)
    try:
        revealed = worker.reveal_id_number(
            request.user, request.POST.get("reason", ""), request=request
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("honors:model_worker", pk=worker.pk)
    return _detail_page(request, worker, revealed=revealed)


@require_POST
@login_required
@staff_required
def model_worker_benefits(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a model worker's benefits (补充养老保险、荣誉津贴)."""
    worker = get_for_user_or_404(ModelWorker.objects.select_related("org"), request.user, pk=pk)
    form = BenefitsForm(request.POST)
    if form.is_valid():
        try:
            actions.update_benefits(request.user, worker, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"已保存{worker.name}的待遇信息")
    else:
        messages.error(request, "待遇信息填写不正确：津贴应为不小于0的金额")
    return redirect("honors:model_worker", pk=worker.pk)


@require_POST
@login_required
@staff_required
def model_worker_visit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a visit (走访看望) to a model worker."""
    worker = get_for_user_or_404(ModelWorker.objects.select_related("org"), request.user, pk=pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        try:
            actions.record_visit(request.user, worker, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"已记录对{worker.name}的走访看望")
    else:
        messages.error(request, "走访记录填写不完整：请填写走访日期和走访人")
    return redirect("honors:model_worker", pk=worker.pk)


@login_required
@staff_required
def studios(request: HttpRequest) -> HttpResponse:
    """Model-worker studios (劳模工作室) set up by the as-of date."""
    as_of: date = request.as_of  # type: ignore[attr-defined]
    rows = (
        Studio.objects.for_user(request.user)
        .filter(set_up_on__lte=as_of)
        .select_related("org", "lead")
        .order_by("org__path", "-set_up_on", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    names = county_names(counties_of_user(request))
    for studio in page:
        studio.county_name = county_of_path(studio.org.path, names)
    return render(request, "honors/studios.html", {"title": "劳模工作室", "page": page})


@login_required
@staff_required
def craftsmen(request: HttpRequest) -> HttpResponse:
    """Gold-medal craftsmen (金牌工匠) by year."""
    rows = (
        Craftsman.objects.for_user(request.user)
        .filter(year__lte=request.as_of.year)  # type: ignore[attr-defined]
        .select_related("org")
        .order_by("-year", "org__path", "name", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    names = county_names(counties_of_user(request))
    for person in page:
        person.county_name = county_of_path(person.org.path, names)
    return render(request, "honors/craftsmen.html", {"title": "金牌工匠", "page": page})
