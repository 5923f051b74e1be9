"""Nominations upward (劳模推荐): rounds, the recommend form, review and sending."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.honors import actions
from gonghui.honors.forms import (
    RecommendForm,
    ReviewForm,
)
from gonghui.honors.models import (
    PROVINCIAL_AND_UP,
    HonourLevel,
    Nomination,
    NominationStatus,
)
from gonghui.honors.rules import front_line_minimum, quota
from gonghui.honors.views.common import (
    error_text,
)
from gonghui.orgs.models import Level
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404


@login_required
@staff_required
def nominations(request: HttpRequest) -> HttpResponse:
    """The nomination rounds the user sees, and the form a county uses to recommend (推荐)."""
    form = RecommendForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = actions.recommend(
                request.user,
                org=data["unit"],
                nominee=data["nominee"],
                job=data["job"],
                year=data["year"],
                level_sought=data["level_sought"],
                front_line=data["front_line"],
                deeds=data["deeds"],
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"已推荐{nomination.nominee}，等待市总工会审核")
            return redirect("honors:round", year=nomination.year, level=nomination.level_sought)
    rounds = (
        Nomination.objects.for_user(request.user)
        .values("year", "level_sought")
        .annotate(
            total=Count("pk"),
            front=Count("pk", filter=Q(front_line=True)),
            pending=Count("pk", filter=Q(status=NominationStatus.RECOMMENDED)),
            accepted=Count("pk", filter=Q(status=NominationStatus.ACCEPTED)),
            sent=Count("pk", filter=Q(status=NominationStatus.SENT)),
        )
        .order_by("-year", "level_sought")
    )
    for row in rounds:
        row["label"] = actions.round_label(row["year"], row["level_sought"])
    may_recommend = request.user.is_superuser or (  # type: ignore[union-attr]
        request.user.org is not None  # type: ignore[union-attr]
        and request.user.org.level in (Level.CITY, Level.COUNTY)  # type: ignore[union-attr]
    )
    return render(
        request,
        "honors/nominations.html",
        {"title": "劳模推荐", "rounds": rounds, "form": form, "may_recommend": may_recommend},
    )


def _round_or_404(level: str) -> str:
    if level not in PROVINCIAL_AND_UP:
        raise Http404
    return level


@login_required
@staff_required
def nomination_round(request: HttpRequest, year: int, level: str) -> HttpResponse:
    """One round's nominations with the front-line quota figure and the workflow buttons."""
    level = _round_or_404(level)
    rows = list(
        Nomination.objects.for_user(request.user)
        .filter(year=year, level_sought=level)
        .select_related("org", "recommended_by")
        .order_by("recommended_by__admin_code", "status", "pk")
    )
    chosen = [n for n in rows if n.status in (NominationStatus.ACCEPTED, NominationStatus.SENT)]
    figure = quota(len(chosen), sum(n.front_line for n in chosen), front_line_minimum(level))
    user = request.user
    may_review = user.is_superuser or (  # type: ignore[union-attr]
        user.org is not None and user.org.level == Level.CITY  # type: ignore[union-attr]
    )
    return render(
        request,
        "honors/round.html",
        {
            "title": actions.round_label(year, level),
            "year": year,
            "level": level,
            "level_label": HonourLevel(level).label,
            "rows": rows,
            "figure": figure,
            "may_review": may_review,
            "is_sent": any(n.status == NominationStatus.SENT for n in rows),
            "pending": sum(n.status == NominationStatus.RECOMMENDED for n in rows),
        },
    )


@require_POST
@login_required
@staff_required
def nomination_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The city accepts or returns one recommendation."""
    nomination = get_for_user_or_404(Nomination, request.user, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "审核结论填写不正确，请重新提交")
    else:
        data = form.cleaned_data
        try:
            actions.review(
                request.user,
                nomination,
                data["decision"],
                version=data["version"],
                note=data["note"],
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            verb = "审核通过" if data["decision"] == actions.ACCEPT else "退回"
            messages.success(request, f"已{verb}：{nomination.nominee}")
    return redirect("honors:round", year=nomination.year, level=nomination.level_sought)


@require_POST
@login_required
@staff_required
def round_send(request: HttpRequest, year: int, level: str) -> HttpResponse:
    """The city sends the round's accepted nominations upward, if the quota allows."""
    level = _round_or_404(level)
    try:
        count = actions.send_to_province(request.user, year, level)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已将{count}名推荐对象报送上级工会")
    return redirect("honors:round", year=year, level=level)
