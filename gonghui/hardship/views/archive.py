"""The archive pages: the list with filters, its export, the review queue."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property

from gonghui.core import audit, figure_cache
from gonghui.core.forms import add_action_errors
from gonghui.core.personal import can_export_ids
from gonghui.core.spreadsheets import xlsx_response
from gonghui.hardship.archive_export import (
    archive_queryset,
    archive_sheet,
    clean_filters,
    request_full_id_export,
)
from gonghui.hardship.forms import FullIdExportForm
from gonghui.hardship.models import ArchiveLevel, CategoryChoice, Household
from gonghui.orgs.models import Level, Org
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import visible_orgs

PAGE_SIZE = 50


STATUS_CHOICES = [
    ("open", "截至日期在档"),
    ("surveyed", "已调查未建档"),
    ("closed", "已出档（全部）"),
    ("lifted", "已解困脱困"),
    ("removed", "已退档"),
    ("all", "全部"),
]


def visible_counties(request: HttpRequest) -> QuerySet[Org]:
    """County unions the user may see (their own when they are a county officer)."""
    user = request.user
    counties = Org.objects.filter(level=Level.COUNTY).order_by("admin_code")
    if user.is_superuser:  # type: ignore[union-attr]
        return counties
    own = visible_orgs(user).filter(level=Level.COUNTY)
    if own.exists():
        return own.order_by("admin_code")
    # A township or grassroots user: the county above them, for display only.
    ids = [int(p) for p in user.org.path.strip("/").split("/") if p]  # type: ignore[union-attr]
    return counties.filter(pk__in=ids)


def filtered_archive(request: HttpRequest) -> tuple[QuerySet[Household], dict[str, str]]:
    """The user's households filtered by the query string (shared by the list and the export)."""
    params = clean_filters(request.GET)
    return archive_queryset(request.user, request.as_of, params), params  # type: ignore[attr-defined]


class CachedCountPaginator(Paginator):
    """A paginator whose total is cached by the data version under `count_key`.

    Counting 100,000 scoped households is the slowest query of the list; the pages themselves
    read 50 rows along the date index. Any change of a record bumps the version.
    """

    def __init__(self, object_list: QuerySet[Household], per_page: int, count_key: str) -> None:
        super().__init__(object_list, per_page)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        """The number of rows, from the figure cache when the records have not changed."""
        return figure_cache.cached(
            self.count_key, figure_cache.current(), lambda: self.object_list.count()
        )


@login_required
@staff_required
def archive_list(request: HttpRequest) -> HttpResponse:
    """The archive (困难职工档案) with filters and pages; open archives as of the date by default."""
    queryset, params = filtered_archive(request)
    filters = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:32]
    page = CachedCountPaginator(
        queryset.select_related("county", "org").order_by("-archived_on", "-pk"),
        PAGE_SIZE,
        f"hardship.archive_count:{request.user.pk}:{request.as_of}:{filters}",  # type: ignore[attr-defined]
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "hardship/archive_list.html",
        {
            "title": "困难职工档案",
            "page": page,
            "params": params,
            "query": query.urlencode(),
            "counties": visible_counties(request),
            "levels": [("local", "地方档（全部）"), *ArchiveLevel.choices],
            "categories": CategoryChoice.choices,
            "statuses": STATUS_CHOICES,
            "can_export_ids": can_export_ids(request.user),
        },
    )


@login_required
@staff_required
def archive_export(request: HttpRequest) -> HttpResponse:
    """The filtered archive as xlsx, ID numbers masked for everyone (the full-ID export is
    `archive_export_full`: a right, a reason, a POST and a job)."""
    queryset, params = filtered_archive(request)
    content, ids = archive_sheet(queryset, full_ids=False)
    audit.record(
        "hardship.archive_exported",
        request=request,
        detail={"rows": len(ids), "full_ids": False, "filters": params},
    )
    return xlsx_response(content, f"困难职工档案_{request.as_of:%Y%m%d}.xlsx")  # type: ignore[attr-defined]


@login_required
@staff_required
def archive_export_full(request: HttpRequest) -> HttpResponse:
    """Ask for the filtered archive with full ID numbers: a reason, then a background job."""
    if not can_export_ids(request.user):
        audit.record("hardship.full_id_export_refused", request=request)
        raise PermissionDenied("您没有导出完整身份证号的权限")
    source = request.POST if request.method == "POST" else request.GET
    params = clean_filters(source)
    form = FullIdExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = request_full_id_export(
                request.user,
                as_of=request.as_of,  # type: ignore[attr-defined]
                filters=params,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            return redirect("job", job.pk)
    count = archive_queryset(request.user, request.as_of, params).count()  # type: ignore[attr-defined]
    return render(
        request,
        "hardship/export_full.html",
        {"title": "导出完整身份证号", "form": form, "params": params, "count": count},
        status=400 if form.errors else 200,
    )


@login_required
@staff_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Households whose yearly review is due within 30 days or overdue, per county."""
    as_of: date = request.as_of  # type: ignore[attr-defined]
    status = request.GET.get("status", "due")
    county = request.GET.get("county", "")
    scoped = Household.objects.for_user(request.user)
    due = scoped.review_due_on(as_of)
    overdue_ids = scoped.review_overdue_on(as_of).values("pk")
    per_county = list(
        due.values("county__name", "county_id")
        .annotate(
            due=Count("pk"),
            overdue=Count("pk", filter=Q(pk__in=overdue_ids)),
        )
        .order_by("county__admin_code")
    )
    listed = scoped.review_overdue_on(as_of) if status == "overdue" else due
    if county.isdigit():
        listed = listed.filter(county_id=int(county))
    page = Paginator(
        listed.select_related("county", "org").order_by("last_reviewed_on", "archived_on", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "hardship/review_queue.html",
        {
            "title": "年审待办",
            "per_county": per_county,
            "page": page,
            "status": status,
            "county": county,
            "query": query.urlencode(),
        },
    )
