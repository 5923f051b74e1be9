"""Dues pages: the per-county table (经费征缴进度), the receipts list and the sheet import."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.spreadsheets import ImportRejected, write_xlsx, xlsx_response
from gonghui.funds import actions, queries, rules
from gonghui.funds.forms import ImportForm
from gonghui.funds.models import DuesMonthTotal, DuesPlan, DuesReceipt
from gonghui.orgs.counties import visible_counties
from gonghui.orgs.models import Level
from gonghui.orgs.permissions import staff_required


@login_required
@staff_required
def dues(request: HttpRequest) -> HttpResponse:
    """Plan, collected, share, time-proportional share and growth of each county in scope."""
    as_of = request.as_of  # type: ignore[attr-defined]
    rows = queries.county_table(visible_counties(request.user, as_of), as_of)
    plan = sum((r.plan for r in rows), Decimal(0))
    collected = sum((r.collected for r in rows), Decimal(0))
    last = sum((r.collected_last_year for r in rows), Decimal(0))
    total_share = rules.share(collected, plan)
    total_growth = rules.growth(collected, last)
    return render(
        request,
        "funds/dues.html",
        {
            "title": _("工会经费征缴进度"),
            "rows": rows,
            "expected_pct": rules.expected_share(as_of.year, as_of) * 100,
            "total": {
                "plan": plan,
                "collected": collected,
                "last": last,
                "share_pct": None if total_share is None else total_share * 100,
                "growth_pct": None if total_growth is None else total_growth * 100,
            },
            "tolerance": rules.SCHEDULE_TOLERANCE,
        },
    )


def latest_month(as_of: date) -> date:
    """The last month with receipts that counts on the date (else the month before it)."""
    cutoff = rules.counted_before(as_of)
    found = (
        DuesMonthTotal.objects.filter(month__lt=cutoff)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    return found or rules.month_start(cutoff - timedelta(days=1))


@login_required
@staff_required
def receipts(request: HttpRequest) -> HttpResponse:
    """The receipts the user may see, newest month first; by month, county or employer."""
    as_of = request.as_of  # type: ignore[attr-defined]
    records = DuesReceipt.objects.for_user(request.user).select_related("org", "county")
    # One month at a time (the latest counted one by default): a province has millions of
    # receipts, and a month's are listed straight from the (month, county, employer) index.
    month = actions.parse_month(request.GET.get("month", "")) or latest_month(as_of)
    records = records.filter(month=month)
    county = request.GET.get("county", "")
    if county.isdigit():
        records = records.filter(county_id=int(county))
    query = request.GET.get("q", "").strip()
    if query:
        records = records.filter(Q(employer_name__icontains=query) | Q(credit_code=query.upper()))
    page = Paginator(records.order_by("county_id", "employer_name", "pk"), 50)
    counties = visible_counties(request.user, as_of)
    return render(
        request,
        "funds/receipts.html",
        {
            "title": _("经费收入明细"),
            "page": page.get_page(request.GET.get("page")),
            "month": month,
            "county": county,
            "query": query,
            "counties": counties,
        },
    )


@login_required
@staff_required
def import_receipts(request: HttpRequest) -> HttpResponse:
    """Upload the tax office's monthly sheet; every bad cell is listed and nothing is written."""
    errors = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = actions.import_receipts(upload, upload.name, actor=request.user)
            except ImportRejected as exc:
                errors = exc.errors
                messages.error(
                    request,
                    _("文件“%(name)s”有%(n)d处错误，未导入任何数据。")
                    % {"name": upload.name, "n": len(errors)},
                )
            else:
                messages.success(
                    request,
                    _("已导入%(rows)d条经费收入，合计%(total)s元。")
                    % {"rows": result.rows, "total": result.total},
                )
                return redirect("funds:receipts")
    else:
        form = ImportForm()
    return render(
        request,
        "funds/import.html",
        {
            "title": _("导入税务部门经费收入表"),
            "form": form,
            "errors": errors[:500],
            "more_errors": max(0, len(errors) - 500),
            "columns": actions.RECEIPT_COLUMNS,
        },
    )


def _seen(request: HttpRequest, county_pk: int) -> Decimal | None:
    """The plan the page showed for a county (None: none), or UNSEEN for a form without it."""
    if f"seen_{county_pk}" not in request.POST:
        return actions.UNSEEN
    return actions.parse_money(request.POST[f"seen_{county_pk}"])


@login_required
@staff_required
def receipts_template(request: HttpRequest) -> HttpResponse:
    """The receipt sheet's headers and an example row (from the import's declaration), naming
    a county the user may import for, so that the template imports as it is."""
    example = actions.RECEIPT_SCHEMA.example_row()
    county = visible_counties(request.user, request.as_of)[:1]  # type: ignore[attr-defined]
    if county:
        example[list(actions.RECEIPT_COLUMNS).index("county")] = county[0].display_name
    content = write_xlsx(actions.RECEIPT_SCHEMA.headers, [example], "经费收入")
    return xlsx_response(content, "经费收入表导入模板.xlsx")


@login_required
@staff_required
def plans(request: HttpRequest) -> HttpResponse:
    """The yearly dues plan of each county (年度征缴计划); the union above sets them."""
    as_of = request.as_of  # type: ignore[attr-defined]
    raw = request.GET.get("year") or request.POST.get("year") or ""
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else as_of.year
    counties = visible_counties(request.user, date(year, 12, 31))
    user_org = request.user.org  # type: ignore[union-attr]
    # A county's plan is set from above: by the city (or a superuser), never by the county.
    may_set = request.user.is_superuser or (  # type: ignore[union-attr]
        user_org is not None and user_org.level == Level.CITY
    )
    current = {p.org_id: p for p in DuesPlan.objects.filter(org__in=counties, year=year)}
    errors: list[str] = []
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied
        amounts: dict[int, Decimal] = {}
        for county in counties:
            text = request.POST.get(f"amount_{county.pk}", "").strip().replace(",", "")
            if not text:
                continue
            value = actions.parse_money(text)
            if value is None or value < 0:
                errors.append(f"{county.display_name}：计划金额“{text[:20]}”不是有效的金额")
            else:
                amounts[county.pk] = value
        if not errors:
            try:
                with transaction.atomic():
                    for county in counties:
                        if county.pk in amounts:
                            actions.set_plan(
                                county,
                                year,
                                amounts[county.pk],
                                actor=request.user,
                                seen_amount=_seen(request, county.pk),
                            )
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                messages.success(request, _("已保存%(year)s年征缴计划。") % {"year": year})
                return redirect(f"{request.path}?year={year}")
    rows = [
        (
            c,
            current.get(c.pk),
            request.POST.get(f"amount_{c.pk}", "")
            if errors
            else (f"{current[c.pk].amount:.2f}" if c.pk in current else ""),
        )
        for c in counties
    ]
    return render(
        request,
        "funds/plans.html",
        {
            "title": _("经费征缴计划"),
            "year": year,
            "rows": rows,
            "may_set": may_set,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
