"""The module's summary page and the 低保 standards; the programmes' pages are in
education.py, winter.py and medical.py (they share `per_county`)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gonghui.core import indicators as registry
from gonghui.hardship import indicators, programme_actions
from gonghui.hardship.models import (
    ArchiveLevel,
    AssistanceKind,
    MinimumLivingStandard,
    Programme,
)
from gonghui.hardship.views.archive import visible_counties
from gonghui.orgs.models import Org
from gonghui.orgs.permissions import staff_required


@login_required
@staff_required
def standards(request: HttpRequest) -> HttpResponse:
    """The counties' monthly 低保 standards by year; the city edits them."""
    counties = list(visible_counties(request))
    may_edit = programme_actions.may_set_standards(request.user)
    if request.method == "POST":
        try:
            county = next(c for c in counties if str(c.pk) == request.POST.get("county"))
            year = int(request.POST.get("year", ""))
            amount = Decimal(request.POST.get("amount", ""))
            programme_actions.set_minimum_living_standard(request.user, county, year, amount)
        except (StopIteration, ValueError, InvalidOperation):
            messages.error(request, "请选择县（市、区）并填写有效的年度和金额")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"已保存{county.name}{year}年低保标准{amount}元/月。")
        return redirect("hardship:standards")
    rows = MinimumLivingStandard.objects.filter(org__in=counties)
    years = sorted({r.year for r in rows}, reverse=True)[:6]
    table = {(r.org_id, r.year): r.monthly_amount for r in rows}
    grid = [(c, [table.get((c.pk, y)) for y in years]) for c in counties]
    return render(
        request,
        "hardship/standards.html",
        {
            "title": "最低生活保障标准",
            "years": years,
            "grid": grid,
            "may_edit": may_edit,
            "counties": counties,
        },
    )


def per_county(request: HttpRequest, queryset, **aggregates):  # type: ignore[no-untyped-def]
    """One aggregate row per visible county (a query each: twelve, not one per record)."""
    rows = []
    for county in visible_counties(request):
        values = queryset.in_org(county).aggregate(**aggregates)
        rows.append({"county": county, **values})
    return rows


@login_required
@staff_required
def summary(request: HttpRequest) -> HttpResponse:
    """The module's figures for the user's org as of the date, with the breakdowns behind them."""
    org = request.user.org  # type: ignore[union-attr]
    if org is None:
        org = Org.objects.filter(parent__isnull=True).order_by("pk").first()
    as_of = request.as_of  # type: ignore[attr-defined]
    kinds, programmes = dict(AssistanceKind.choices), dict(Programme.choices)
    breakdown = (
        [
            {**row, "kind": kinds.get(row["kind"]), "programme": programmes.get(row["programme"])}
            for row in indicators.assistance_breakdown(org, as_of)
        ]
        if org
        else []
    )
    return render(
        request,
        "hardship/summary.html",
        {
            "title": "困难职工帮扶统计",
            "org": org,
            "figures": registry.compute_all(org, as_of, prefix="hardship.") if org else [],
            "counties": indicators.archives_by_county(org, as_of) if org else [],
            "levels": ArchiveLevel.choices,
            "breakdown": breakdown,
        },
    )
