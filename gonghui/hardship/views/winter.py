"""冬送温暖 pages: the campaigns per county, a campaign's targets, listing and delivering."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.forms import add_action_errors
from gonghui.hardship import winter_actions
from gonghui.hardship.models import Household, WinterCampaign, WinterDelivery
from gonghui.hardship.programme_forms import (
    DeliveryForm,
    HouseholdTargetForm,
    NamedTargetForm,
    resolve_org,
)
from gonghui.hardship.views.archive import PAGE_SIZE
from gonghui.hardship.views.household import _default_day
from gonghui.hardship.views.programmes import per_county
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404


@login_required
@staff_required
def winter(request: HttpRequest) -> HttpResponse:
    """冬送温暖: the latest campaign's targets and deliveries per county."""
    campaigns = list(WinterCampaign.objects.order_by("-year"))
    campaign = campaigns[0] if campaigns else None
    rows = []
    if campaign is not None:
        deliveries = WinterDelivery.objects.for_user(request.user).filter(campaign=campaign)
        rows = per_county(
            request,
            deliveries,
            targets=Count("pk"),
            delivered=Count("pk", filter=Q(delivered_on__isnull=False)),
            amount=Sum("amount", filter=Q(delivered_on__isnull=False)),
        )
    return render(
        request,
        "hardship/winter.html",
        {"title": "冬送温暖", "campaign": campaign, "rows": rows, "campaigns": campaigns},
    )


def _candidates(request: HttpRequest, campaign: WinterCampaign) -> Any:
    """Archived households of the user's scope, open during the campaign, not yet listed."""
    return (
        Household.objects.for_user(request.user)
        .filter(archived_on__isnull=False, archived_on__lte=campaign.ends_on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=campaign.starts_on))
        .exclude(
            pk__in=WinterDelivery.objects.filter(campaign=campaign, household__isnull=False).values(
                "household_id"
            )
        )
        .select_related("org")
        .order_by("pk")
    )


@login_required
@staff_required
def winter_campaign(request: HttpRequest, pk: int) -> HttpResponse:
    """A campaign's targets in the user's scope, the households still to list, and the form
    to list a named model worker, front-line or migrant worker."""
    campaign = get_object_or_404(WinterCampaign.objects.select_related("org"), pk=pk)
    state = request.GET.get("state", "")
    targets = WinterDelivery.objects.for_user(request.user).filter(campaign=campaign)
    totals = targets.aggregate(
        n=Count("pk"),
        delivered=Count("pk", filter=Q(delivered_on__isnull=False)),
        amount=Sum("amount", filter=Q(delivered_on__isnull=False)),
    )
    if state == "pending":
        targets = targets.filter(delivered_on__isnull=True)
    elif state == "delivered":
        targets = targets.filter(delivered_on__isnull=False)
    page = Paginator(targets.select_related("org").order_by("pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    candidates = _candidates(request, campaign)
    return render(
        request,
        "hardship/winter_campaign.html",
        {
            "title": campaign.name,
            "campaign": campaign,
            "page": page,
            "totals": totals,
            "state": state,
            "query": f"state={state}",
            "candidates": candidates[:20],
            "candidate_count": candidates.count(),
            "named_form": NamedTargetForm(),
        },
    )


@login_required
@staff_required
@require_POST
def winter_add(request: HttpRequest, pk: int) -> HttpResponse:
    """List a target: an archived household (household=<pk>) or a named worker."""
    campaign = get_object_or_404(WinterCampaign.objects.select_related("org"), pk=pk)
    try:
        if "household" in request.POST:
            form = HouseholdTargetForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请选择要列入的家庭")
            household = get_for_user_or_404(
                Household.objects.select_related("org"),
                request.user,
                pk=form.cleaned_data["household"],
            )
            target = winter_actions.add_household_target(request.user, campaign, household)
        else:
            named = NamedTargetForm(request.POST)
            if not named.is_valid():
                raise ValidationError(
                    [f"{named.fields[f].label}：{'；'.join(e)}" for f, e in named.errors.items()]
                )
            org = resolve_org(request.user, named.cleaned_data["org_ref"])
            target = winter_actions.add_named_target(
                request.user,
                campaign,
                group=named.cleaned_data["group"],
                recipient_name=named.cleaned_data["recipient_name"],
                org=org,
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"已将{target.recipient_name}列入{campaign.name}慰问名单。")
    return redirect("hardship:winter_campaign", pk=campaign.pk)


@login_required
@staff_required
def winter_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the delivery (送达) to a target: date within the campaign, money, goods."""
    target = get_for_user_or_404(
        WinterDelivery.objects.select_related("campaign", "org", "household"), request.user, pk=pk
    )
    form = DeliveryForm(
        request.POST or None,
        initial={"delivered_on": min(_default_day(request), target.campaign.ends_on)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            winter_actions.record_delivery(request.user, target, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, f"已登记{target.recipient_name}的慰问送达。")
            return redirect("hardship:winter_campaign", pk=target.campaign_id)
    return render(
        request,
        "hardship/winter_deliver.html",
        {"title": f"{target.recipient_name} · 登记送达", "target": target, "form": form},
    )
