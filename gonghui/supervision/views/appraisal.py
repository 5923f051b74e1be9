"""Innovation-project appraisal (创新项目比评) and information submissions (信息报送)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.orgs.models import Level, Role
from gonghui.orgs.scoping import get_for_user_or_404, visible_orgs
from gonghui.supervision import schedule
from gonghui.supervision.forms import ScoreForm
from gonghui.supervision.models import (
    RUBRIC,
    Adoption,
    InfoSubmission,
    InnovationProject,
    ProjectReview,
    ProjectScore,
)
from gonghui.supervision.views.common import as_of, staff_page


def ranking(projects: list[InnovationProject]) -> list[dict[str, object]]:
    """Projects with their mean total over the judges who scored, ranked (ties share a place)."""
    totals: dict[int, list[Decimal]] = defaultdict(list)
    per_review: dict[int, Decimal] = defaultdict(Decimal)
    review_project: dict[int, int] = {}
    for review_id, project_id, points in ProjectScore.objects.filter(
        review__project__in=[p.pk for p in projects], review__scored_on__isnull=False
    ).values_list("review_id", "review__project_id", "points"):
        per_review[review_id] += points
        review_project[review_id] = project_id
    for review_id, total in per_review.items():
        totals[review_project[review_id]].append(total)
    scores = {pk: float(sum(v) / len(v)) for pk, v in totals.items() if v}
    ranks = {r.key: r.rank for r in schedule.rank(scores)}
    rows = [
        {
            "project": p,
            "score": round(scores[p.pk], 1) if p.pk in scores else None,
            "judges": len(totals.get(p.pk, [])),
            "rank": ranks.get(p.pk),
        }
        for p in projects
    ]
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["project"].org.path))  # type: ignore[union-attr]
    return rows


@login_required
def innovation(request: HttpRequest) -> HttpResponse:
    """Staff: the year's projects and their ranking, and which counties entered none.
    Judges: the reviews assigned to them, with the rubric to score."""
    user = request.user
    day = as_of(request)
    is_staff = user.is_superuser or user.sees_subtree  # type: ignore[union-attr]
    is_judge = user.has_role(Role.JUDGE)  # type: ignore[union-attr]
    if not (is_staff or is_judge):
        audit.record("access.refused", request=request, detail={"path": request.path[:200]})
        raise PermissionDenied
    context: dict[str, object] = {"title": "创新项目比评", "rubric": RUBRIC}
    if is_staff:
        projects = list(
            InnovationProject.objects.for_user(user)  # type: ignore[attr-defined]
            .filter(year=day.year, entered_on__lte=day)
            .select_related("org")
        )
        counties = (
            visible_orgs(user).filter(level=Level.COUNTY).active_on(day).order_by("admin_code")
        )
        entered = {p.org.path for p in projects}
        context["ranking"] = ranking(projects)
        context["missing"] = [
            c for c in counties if not any(path.startswith(c.path) for path in entered)
        ]
        context["county_count"] = len(counties)
    if is_judge:
        reviews = list(
            ProjectReview.objects.filter(judge=user)
            .select_related("project__org")
            .prefetch_related("scores")
            .order_by("scored_on", "pk")
        )
        context["reviews"] = [
            (
                review,
                ScoreForm(
                    initial={
                        "comment": review.comment,
                        **{f"score_{s.criterion}": s.points for s in review.scores.all()},
                    },
                    prefix=f"r{review.pk}",
                ),
            )
            for review in reviews
        ]
    return render(request, "supervision/innovation.html", context)


@require_POST
@login_required
def review_score(request: HttpRequest, pk: int) -> HttpResponse:
    """A judge scores a project assigned to them on the rubric."""
    review = get_for_user_or_404(
        ProjectReview.objects.select_related("project"), request.user, pk=pk
    )
    if review.judge_id != request.user.pk:
        raise PermissionDenied
    form = ScoreForm(request.POST, prefix=f"r{review.pk}")
    if not form.is_valid():
        messages.error(request, "评分不完整或超出满分，请检查后再提交。")
        return redirect("supervision:innovation")
    with transaction.atomic():
        for code, _label, _most in RUBRIC:
            ProjectScore.objects.update_or_create(
                review=review,
                criterion=code,
                defaults={"points": form.cleaned_data[f"score_{code}"]},
            )
        review.comment = form.cleaned_data["comment"]
        review.scored_on = timezone.localdate()
        review.save(update_fields=["comment", "scored_on"])
        audit.record(
            "supervision.project.scored",
            request=request,
            obj=review.project,
            detail={"review": review.pk},
        )
    messages.success(request, f"已提交对“{review.project.title}”的评分。")
    return redirect("supervision:innovation")


@staff_page
def submissions(request: HttpRequest) -> HttpResponse:
    """Information submissions: per unit, count and adoption this quarter against the last."""
    user = request.user
    day = as_of(request)
    current = schedule.quarter_of(day)
    before = schedule.previous_quarter(*current)
    start = schedule.quarter_start(*before)
    scoped = InfoSubmission.objects.for_user(user).filter(submitted_on__lte=day)  # type: ignore[attr-defined]
    now_q = Q(submitted_on__gte=schedule.quarter_start(*current))
    before_q = Q(submitted_on__gte=start, submitted_on__lte=schedule.quarter_end(*before))
    adopted = ~Q(adoption=Adoption.NONE)
    per_unit = (
        scoped.filter(submitted_on__gte=date_of_year(day))
        .values("org_id", "org__name", "org__path")
        .annotate(
            year_total=Count("pk"),
            year_adopted=Count("pk", filter=adopted),
            now=Count("pk", filter=now_q),
            before=Count("pk", filter=before_q),
            now_adopted=Count("pk", filter=now_q & adopted),
            before_adopted=Count("pk", filter=before_q & adopted),
        )
        .order_by("org__path")
    )
    recent = scoped.select_related("org").order_by("-submitted_on", "-pk")[:50]
    return render(
        request,
        "supervision/submissions.html",
        {
            "title": "信息报送",
            "per_unit": [{**r, "delta": r["now"] - r["before"]} for r in per_unit],
            "recent": recent,
            "current": current,
            "before": before,
        },
    )


def date_of_year(day: object) -> object:
    return day.replace(month=1, day=1)  # type: ignore[attr-defined]
