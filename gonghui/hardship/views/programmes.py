"""Pages of the programmes (金秋助学, 冬送温暖, 职工医疗互助) and the 低保 standards."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gonghui.core import indicators as registry
from gonghui.hardship import indicators, programme_actions
from gonghui.hardship.models import (
    ArchiveLevel,
    AssistanceKind,
    EducationAidApplication,
    EducationAidRound,
    MedicalAidClaim,
    MedicalAidEnrolment,
    MedicalAidPhase,
    MinimumLivingStandard,
    Programme,
    WinterCampaign,
    WinterDelivery,
)
from gonghui.hardship.views.archive import PAGE_SIZE, visible_counties
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


@login_required
@staff_required
def education(request: HttpRequest) -> HttpResponse:
    """金秋助学: the rounds and the applications in the user's scope."""
    rounds = list(EducationAidRound.objects.order_by("-year"))
    year = request.GET.get("year") or (str(rounds[0].year) if rounds else "")
    applications = EducationAidApplication.objects.for_user(request.user)
    if year.isdigit():
        applications = applications.filter(year=int(year))
    totals = applications.aggregate(
        n=Count("pk"),
        paid=Count("pk", filter=Q(status="paid")),
        amount=Sum("amount", filter=Q(status="paid")),
    )
    page = Paginator(
        applications.select_related("org", "household").order_by("-applied_on", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "hardship/education.html",
        {
            "title": "金秋助学",
            "rounds": rounds,
            "year": year,
            "page": page,
            "totals": totals,
            "query": f"year={year}",
        },
    )


def _per_county(request: HttpRequest, queryset, **aggregates):  # type: ignore[no-untyped-def]
    """One aggregate row per visible county (a query each: twelve, not one per record)."""
    rows = []
    for county in visible_counties(request):
        values = queryset.in_org(county).aggregate(**aggregates)
        rows.append({"county": county, **values})
    return rows


@login_required
@staff_required
def winter(request: HttpRequest) -> HttpResponse:
    """冬送温暖: each campaign's targets and deliveries per county."""
    campaign = WinterCampaign.objects.order_by("-year").first()
    rows = []
    if campaign is not None:
        deliveries = WinterDelivery.objects.for_user(request.user).filter(campaign=campaign)
        rows = _per_county(
            request,
            deliveries,
            targets=Count("pk"),
            delivered=Count("pk", filter=Q(delivered_on__isnull=False)),
            amount=Sum("amount", filter=Q(delivered_on__isnull=False)),
        )
    return render(
        request,
        "hardship/winter.html",
        {
            "title": "冬送温暖",
            "campaign": campaign,
            "rows": rows,
            "campaigns": WinterCampaign.objects.order_by("-year"),
        },
    )


@login_required
@staff_required
def medical(request: HttpRequest) -> HttpResponse:
    """职工医疗互助: each phase's enrolments and claims per county."""
    phases = list(MedicalAidPhase.objects.order_by("-number"))
    number = request.GET.get("phase") or (str(phases[0].number) if phases else "")
    phase = next((p for p in phases if str(p.number) == number), None)
    enrol_rows, claim_rows = [], []
    if phase is not None:
        enrolments = MedicalAidEnrolment.objects.for_user(request.user).filter(phase=phase)
        enrol_rows = _per_county(
            request,
            enrolments,
            unions=Count("pk"),
            members=Sum("members"),
            premiums=Sum("premiums"),
        )
        claims = MedicalAidClaim.objects.for_user(request.user).filter(enrolment__phase=phase)
        claim_rows = _per_county(
            request,
            claims,
            claims=Count("pk"),
            payout=Sum("payout", filter=Q(paid_on__isnull=False)),
        )
    rows = [
        {**e, "claims": c["claims"], "payout": c["payout"]}
        for e, c in zip(enrol_rows, claim_rows, strict=True)
    ]
    return render(
        request,
        "hardship/medical.html",
        {"title": "职工医疗互助", "phases": phases, "phase": phase, "rows": rows},
    )


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
