"""The archive export (困难职工档案导出): masked by default; the full-ID export is a job.

Anyone who sees the archive may download it with ID numbers masked. A list of every head of
household's full ID number is a deliberate act (PIPL): a right of its own (`may_export_ids`),
a reason, a POST, an audit entry naming the households, and the file is written by the
background worker and downloaded only by the requester from the job's page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from gonghui.core import audit, jobs
from gonghui.core.crypto import decrypt
from gonghui.core.jobs import Outcome, Progress, handler
from gonghui.core.models import BackgroundJob
from gonghui.core.personal import can_export_ids
from gonghui.core.spreadsheets import write_xlsx
from gonghui.hardship.models import ArchiveLevel, CategoryChoice, Household, Person
from gonghui.hardship.models.household import LOCAL_LEVELS
from gonghui.orgs.scoping import visible_orgs

KIND = "hardship.full_id_export"
FILTER_KEYS = ("county", "level", "category", "status", "overdue", "q")
HEADERS = [
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
]


def clean_filters(raw: Any) -> dict[str, str]:
    """The archive's filters from a query dict (or a job's stored params), status defaulted."""
    params = {key: str(raw.get(key, "") or "").strip() for key in FILTER_KEYS}
    params["status"] = params["status"] or "open"
    return params


def archive_queryset(user: Any, as_of: date, params: dict[str, str]) -> QuerySet[Household]:
    """The user's households filtered as the archive list filters them, as of the date."""
    queryset = Household.objects.for_user(user)
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
    return queryset


def _ordered(households: QuerySet[Household]) -> QuerySet[Household]:
    return households.select_related("county", "org").order_by("county__admin_code", "pk")


def archive_sheet(households: QuerySet[Household], *, full_ids: bool) -> tuple[bytes, list[int]]:
    """The households as xlsx (heads' IDs masked unless `full_ids`) and the ids of the rows."""
    households = _ordered(households)
    heads: dict[int, str] = {}
    if full_ids:
        heads = dict(
            Person.objects.filter(household__in=households, relationship="self").values_list(
                "household_id", "id_number_cipher"
            )
        )
    rows, ids = [], []
    for h in households.iterator(chunk_size=2000):
        cipher = heads.get(h.pk)
        ids.append(h.pk)
        rows.append(
            [
                h.file_number,
                h.county.name,
                h.org.name,
                h.head_name,
                decrypt(cipher) if cipher else h.head_id_masked,
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
    return write_xlsx(HEADERS, rows, "困难职工档案"), ids


def request_full_id_export(
    user: Any,
    *,
    as_of: date,
    filters: dict[str, str],
    reason: str,
    request: HttpRequest | None = None,
) -> BackgroundJob:
    """Queue the full-ID export of the user's filtered archive, for a permitted user who gives
    a reason; the request is audited with the households it names (never their numbers)."""
    if not can_export_ids(user):
        audit.record("hardship.full_id_export_refused", actor=user, request=request, detail=filters)
        raise PermissionDenied("您没有导出完整身份证号的权限")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["导出完整身份证号须填写理由"]})
    ids = list(_ordered(archive_queryset(user, as_of, filters)).values_list("pk", flat=True))
    audit.record(
        "hardship.full_id_export_requested",
        actor=user,
        request=request,
        detail={
            "reason": reason[:200],
            "as_of": as_of.isoformat(),
            "filters": filters,
            "count": len(ids),
            "households": ids,
        },
    )
    org = user.org or visible_orgs(user).order_by("depth", "pk").first()
    return jobs.start(
        user,
        KIND,
        org,
        f"导出困难职工档案（含完整身份证号，截至{as_of:%Y-%m-%d}）",
        {"as_of": as_of.isoformat(), "filters": filters, "reason": reason[:200]},
        request=request,
    )


@handler(KIND)
def write_full_id_export(job: BackgroundJob, progress: Progress) -> Outcome:
    """Write the sheet as its requester, who must still hold the right when the job runs."""
    user = job.requested_by
    if not can_export_ids(user):
        raise PermissionDenied("申请人已无导出完整身份证号的权限，未生成文件")
    as_of = date.fromisoformat(job.params["as_of"])
    filters = clean_filters(job.params.get("filters", {}))
    progress("读取档案", 10)
    content, ids = archive_sheet(archive_queryset(user, as_of, filters), full_ids=True)
    audit.record(
        "hardship.full_ids_exported",
        actor=user,
        obj=job,
        org=job.org,
        detail={"job": job.pk, "count": len(ids), "households": ids},
    )
    return Outcome(
        content,
        f"困难职工档案_完整身份证号_{as_of:%Y%m%d}.xlsx",
        {"message": f"已导出{len(ids)}户困难职工家庭档案（含完整身份证号）。", "count": len(ids)},
    )
