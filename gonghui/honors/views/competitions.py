"""Labour competitions (劳动竞赛) with their participants and awards."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gonghui.honors import actions
from gonghui.honors.forms import (
    AwardForm,
    CompetitionForm,
    ParticipantForm,
)
from gonghui.honors.models import (
    Award,
    Competition,
    Participant,
)
from gonghui.honors.views.common import (
    PAGE_SIZE,
    error_text,
    module_figures,
)
from gonghui.orgs.models import Org, subtree_q
from gonghui.orgs.permissions import staff_required


def _visible_competitions(user: Any) -> QuerySet[Competition]:
    """Competitions the user's unions organise or take part in (both through the scoping door)."""
    organised = Competition.objects.for_user(user).values("pk")
    entered = Participant.objects.for_user(user).values("competition_id")
    return Competition.objects.filter(Q(pk__in=organised) | Q(pk__in=entered))


def _own_participants(user: Any) -> Q:
    if user.is_superuser:
        return Q()
    if user.org is None:
        return Q(pk__in=[])
    return subtree_q(user.org, "participants__org")


@login_required
@staff_required
def competitions(request: HttpRequest) -> HttpResponse:
    """Labour competitions (劳动竞赛) with the user's participants counted; staff start new ones."""
    form = CompetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            competition = actions.start_competition(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"已创建劳动竞赛：{competition.title}")
            return redirect("honors:competition", pk=competition.pk)
    rows = (
        _visible_competitions(request.user)
        .select_related("org")
        .annotate(
            entries=Count("participants", filter=_own_participants(request.user), distinct=True)
        )
        .order_by("-starts_on", "title", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "honors/competitions.html",
        {"title": "劳动竞赛", "page": page, "figures": module_figures(request), "form": form},
    )


def _competition_or_404(request: HttpRequest, pk: int) -> Competition:
    return get_object_or_404(_visible_competitions(request.user).select_related("org"), pk=pk)


def _competition_page(
    request: HttpRequest,
    competition: Competition,
    participant_form: ParticipantForm | None = None,
    award_form: AwardForm | None = None,
) -> HttpResponse:
    participants = (
        Participant.objects.for_user(request.user)
        .filter(competition=competition)
        .select_related("org")
    )
    awards = Award.objects.for_user(request.user).filter(competition=competition)
    awards = awards.select_related("org")
    manage = actions.can_manage(request.user, competition)
    units = Org.objects.filter(
        pk__in=Participant.objects.filter(competition=competition).values("org_id")
    )
    return render(
        request,
        "honors/competition_detail.html",
        {
            "title": competition.title,
            "competition": competition,
            "participants": participants,
            "awards": awards,
            "manage": manage,
            "participant_form": participant_form
            or ParticipantForm(
                user=request.user,
                within=competition.org,
                initial={"joined_on": request.as_of},  # type: ignore[attr-defined]
            ),
            "award_form": award_form
            or AwardForm(units=units, initial={"awarded_on": request.as_of}),  # type: ignore[attr-defined]
        },
    )


@login_required
@staff_required
def competition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A competition with its participants and awards (the user's own part of them)."""
    return _competition_page(request, _competition_or_404(request, pk))


@require_POST
@login_required
@staff_required
def competition_participant(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a participant (报名参赛) in a competition the user's union organises."""
    competition = _competition_or_404(request, pk)
    if not actions.can_manage(request.user, competition):
        raise PermissionDenied
    form = ParticipantForm(request.POST, user=request.user, within=competition.org)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.register_participant(
                request.user,
                competition,
                org=data["unit"],
                team=data["team"],
                joined_on=data["joined_on"],
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"已登记参赛单位：{data['unit'].name}")
            return redirect("honors:competition", pk=competition.pk)
    return _competition_page(request, competition, participant_form=form)


@require_POST
@login_required
@staff_required
def competition_award(request: HttpRequest, pk: int) -> HttpResponse:
    """Give an award (优秀班组/先进个人) in a competition the user's union organises."""
    competition = _competition_or_404(request, pk)
    if not actions.can_manage(request.user, competition):
        raise PermissionDenied
    units = Org.objects.filter(
        pk__in=Participant.objects.filter(competition=competition).values("org_id")
    )
    form = AwardForm(request.POST, units=units)
    if form.is_valid():
        try:
            actions.give_award(request.user, competition, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"已表彰：{form.cleaned_data['name']}")
            return redirect("honors:competition", pk=competition.pk)
    return _competition_page(request, competition, award_form=form)
