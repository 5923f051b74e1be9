"""The archive pages: the list with filters, its export, the review queue."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property

from gonghui.core import audit, figure_cache
from gonghui.core.crypto import decrypt
from gonghui.core.personal import can_reveal_ids
from gonghui.core.spreadsheets import (
    write_xlsx,
    xlsx_response,
)
from gonghui.hardship.models import (
    ArchiveLevel,
    CategoryChoice,
    Household,
    Person,
)
from gonghui.hardship.models.household import LOCAL_LEVELS
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
    as_of: date = request.as_of  # type: ignore[attr-defined]
    params = {
        key: request.GET.get(key, "").strip()
        for key in ("county", "level", "category", "status", "overdue", "q")
    }
    params["status"] = params["status"] or "open"
    queryset = Household.objects.for_user(request.user)
    status = params["status"]
    if status == "open":
        queryset = queryset.open_on(as_of)
    elif status == "surveyed":
        queryset = queryset.filter(archived_on__isnull=True)
    elif status == "closed":
        queryset = queryset.filter(closed_on__isnull=False)
    elif status in ("lifted", "removed"):
        queryset = queryset.filter(close_kind=status)
    if params["county"].isdigit():
        queryset = queryset.filter(county_id=int(params["county"]))
    if params["level"] == "local":
        queryset = queryset.filter(level__in=LOCAL_LEVELS)
    elif params["level"] in ArchiveLevel.values:
        queryset = queryset.filter(level=params["level"])
    if params["category"] in CategoryChoice.values:
        queryset = queryset.filter(category=params["category"])
    if params["overdue"]:
        queryset = queryset.review_overdue_on(as_of)
    if params["q"]:
        queryset = queryset.filter(
            Q(head_name__contains=params["q"]) | Q(file_number__icontains=params["q"])
        )
    return queryset, params


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
        },
    )


@login_required
@staff_required
def archive_export(request: HttpRequest) -> HttpResponse:
    """The filtered archive as xlsx; full ID numbers only for users who may reveal them."""
    queryset, params = filtered_archive(request)
    full = can_reveal_ids(request.user)
    rows = []
    households = queryset.select_related("county", "org").order_by("county__admin_code", "pk")
    heads = {}
    if full:
        heads = dict(
            Person.objects.filter(household__in=households, relationship="self").values_list(
                "household_id", "id_number_cipher"
            )
        )
    for h in households.iterator(chunk_size=2000):
        head_id = decrypt(heads[h.pk]) if full and h.pk in heads else h.head_id_masked
        rows.append(
            [
                h.file_number,
                h.county.name,
                h.org.name,
                h.head_name,
                head_id,
                h.member_count,
                h.address,
                h.get_level_display(),
                h.get_category_display(),
                ", ".join(h.cause_labels),
                h.per_capita_income,
                h.surveyed_on,
                h.archived_on,
                h.last_reviewed_on,
                h.closed_on,
                h.status_label,
            ]
        )
    audit.record(
        "hardship.archive_exported",
        request=request,
        detail={"rows": len(rows), "full_ids": full, "filters": params},
    )
    content = write_xlsx(
        [
            "档案编号",
            "县（市、区）",
            "所在工会",
            "户主",
            "户主身份证号",
            "家庭人口",
            "家庭住址",
            "档案级别",
            "困难类别",
            "致困原因",
            "人均月收入（元）",
            "调查日期",
            "建档日期",
            "最近年审",
            "出档日期",
            "状态",
        ],
        rows,
        "困难职工档案",
    )
    return xlsx_response(content, f"困难职工档案_{request.as_of:%Y%m%d}.xlsx")  # type: ignore[attr-defined]


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
