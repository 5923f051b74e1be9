"""职工医疗互助 pages: the phases per county, a phase's enrolments, an enrolment's claims."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.forms import add_action_errors
from gonghui.hardship import medical_actions, medical_rules
from gonghui.hardship.models import MedicalAidClaim, MedicalAidEnrolment, MedicalAidPhase
from gonghui.hardship.programme_forms import ClaimForm, EnrolForm, PayForm, resolve_org
from gonghui.hardship.views.archive import PAGE_SIZE
from gonghui.hardship.views.household import _default_day
from gonghui.hardship.views.programmes import per_county
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404


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
        enrol_rows = per_county(
            request,
            enrolments,
            unions=Count("pk"),
            members=Sum("members"),
            premiums=Sum("premiums"),
        )
        claims = MedicalAidClaim.objects.for_user(request.user).filter(enrolment__phase=phase)
        claim_rows = per_county(
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
def medical_phase(request: HttpRequest, number: int) -> HttpResponse:
    """A phase's enrolments in the user's scope, and the form to enrol a union."""
    phase = get_object_or_404(MedicalAidPhase, number=number)
    form = EnrolForm(
        request.POST or None,
        initial={"enrolled_on": min(_default_day(request), phase.ends_on)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = resolve_org(request.user, data["org_ref"])
            enrolment = medical_actions.enrol(
                request.user,
                phase,
                org,
                members=data["members"],
                enrolled_on=data["enrolled_on"],
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request,
                f"{enrolment.org.name}已参加{phase.name}，{enrolment.members}人，"
                f"互助金{enrolment.premiums}元。",
            )
            return redirect("hardship:medical_phase", number=phase.number)
    enrolments = MedicalAidEnrolment.objects.for_user(request.user).filter(phase=phase)
    totals = enrolments.aggregate(n=Count("pk"), members=Sum("members"), premiums=Sum("premiums"))
    page = Paginator(
        enrolments.select_related("org")
        .annotate(
            claim_count=Count("claims"),
            paid=Sum("claims__payout", filter=Q(claims__paid_on__isnull=False)),
        )
        .order_by("org__path"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "hardship/medical_phase.html",
        {
            "title": phase.name,
            "phase": phase,
            "page": page,
            "totals": totals,
            "form": form,
            "query": "",
        },
    )


@login_required
@staff_required
def medical_enrolment(request: HttpRequest, pk: int) -> HttpResponse:
    """An enrolled union's claims, the form for a new claim (payout computed) and payment."""
    enrolment = get_for_user_or_404(
        MedicalAidEnrolment.objects.select_related("phase", "org"), request.user, pk=pk
    )
    phase = enrolment.phase
    form = ClaimForm(
        request.POST or None,
        initial={"claimed_on": min(_default_day(request), phase.ends_on)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            claim = medical_actions.record_claim(request.user, enrolment, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request,
                f"已登记{claim.claimant_name}的理赔申请：个人自付{claim.out_of_pocket}元，"
                f"按规则补助{claim.payout}元。",
            )
            return redirect("hardship:medical_enrolment", pk=enrolment.pk)
    return render(
        request,
        "hardship/medical_enrolment.html",
        {
            "title": f"{enrolment.org.name} · {phase.name}",
            "enrolment": enrolment,
            "phase": phase,
            "claims": enrolment.claims.order_by("-claimed_on", "-pk"),
            "form": form,
            "pay_form": PayForm(initial={"paid_on": _default_day(request)}),
            "rule": medical_rules.DEFAULT_RULE.describe(),
        },
    )


@login_required
@staff_required
@require_POST
def medical_pay(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the payment of a claim's computed payout."""
    claim = get_for_user_or_404(
        MedicalAidClaim.objects.select_related("enrolment__org"), request.user, pk=pk
    )
    form = PayForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写支付日期")
    else:
        try:
            medical_actions.pay_claim(request.user, claim, form.cleaned_data["paid_on"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"已登记支付{claim.claimant_name}的补助{claim.payout}元。")
    return redirect("hardship:medical_enrolment", pk=claim.enrolment_id)
