"""Facility pages: construction projects with their current stage (阵地建设进度), a project's
stages, and service points per county (these feed the worker portal later)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gonghui.core.forms import add_action_errors
from gonghui.facilities import actions, queries
from gonghui.facilities.forms import ProjectForm, ServicePointForm, StageForm
from gonghui.facilities.models import (
    STAGE_LABEL,
    ConstructionProject,
    PointKind,
    ProjectKind,
)
from gonghui.orgs.counties import merged_into, visible_counties
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404, scope_for_user, visible_orgs


@login_required
@staff_required
def projects(request: HttpRequest) -> HttpResponse:
    """Each project in scope: its stage on the as-of date and the months since it last moved."""
    as_of = request.as_of  # type: ignore[attr-defined]
    records = scope_for_user(queries.projects_as_of(as_of), request.user).select_related("org")
    kind = request.GET.get("kind", "")
    if kind in ProjectKind.values:
        records = records.filter(kind=kind)
    stalled = request.GET.get("stalled") == "1"
    if stalled:
        records = records.filter(queries.no_movement_q(as_of))
    stalled_ids = set(records.filter(queries.no_movement_q(as_of)).values_list("pk", flat=True))
    rows = [
        {
            "project": p,
            "stage": STAGE_LABEL[p.stage_rank],
            "months": queries.months_between(p.last_change, as_of),
            "stalled": p.pk in stalled_ids,
        }
        for p in records.order_by("kind", "-stage_rank", "last_change", "pk")
    ]
    return render(
        request,
        "facilities/projects.html",
        {
            "title": _("阵地建设项目"),
            "rows": rows,
            "kind": kind,
            "kinds": ProjectKind.choices,
            "stalled": stalled,
            "months": queries.NO_MOVEMENT_MONTHS,
        },
    )


@login_required
@staff_required
@require_http_methods(["GET", "POST"])
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's stages with their dates and evidence, and the form to record the next one;
    404 outside the user's subtree."""
    project = get_for_user_or_404(
        ConstructionProject.objects.select_related("org"), request.user, pk=pk
    )
    form = StageForm(request.POST or None, initial={"reached_on": request.as_of})  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_stage(project, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("已登记进展。"))
            return redirect("facilities:project_detail", pk=project.pk)
    return render(
        request,
        "facilities/project_detail.html",
        {"title": project.name, "project": project, "stages": project.stages.all(), "form": form},
    )


@login_required
@staff_required
@require_http_methods(["GET", "POST"])
def project_add(request: HttpRequest) -> HttpResponse:
    """Register a construction project for a union in the user's subtree."""
    form = ProjectForm(request.POST or None, orgs=visible_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            project = actions.add_project(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            return redirect("facilities:project_detail", pk=project.pk)
    return render(request, "facilities/form.html", {"title": _("新建阵地建设项目"), "form": form})


@login_required
@staff_required
@require_http_methods(["GET", "POST"])
def service_point_add(request: HttpRequest) -> HttpResponse:
    """Open a service point for a union in the user's subtree."""
    form = ServicePointForm(
        request.POST or None,
        orgs=visible_orgs(request.user),
        initial={"opened_on": request.as_of},  # type: ignore[attr-defined]
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_service_point(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("已登记服务阵地。"))
            return redirect("facilities:service_points")
    return render(request, "facilities/form.html", {"title": _("新建服务阵地"), "form": form})


@login_required
@staff_required
def service_points(request: HttpRequest) -> HttpResponse:
    """Open service points per county and kind, and the list (by kind or county)."""
    as_of = request.as_of  # type: ignore[attr-defined]
    points = scope_for_user(queries.open_points(as_of), request.user)
    counties = visible_counties(request.user, as_of)
    # A merged county's points count in its successor's row from the merge on; the points of
    # no listed county (the city's own and its direct units') are the 市总本级 row.
    into = merged_into(counties, as_of)
    counts: dict[int | None, dict[str, int]] = {}
    for row in points.values("county_id", "kind").annotate(n=Count("pk")).order_by():
        row_of = counts.setdefault(into.get(row["county_id"]), {})
        row_of[row["kind"]] = row_of.get(row["kind"], 0) + row["n"]
    table = [
        (
            c,
            [counts.get(c.pk, {}).get(k, 0) for k in PointKind.values],
            sum(counts.get(c.pk, {}).values()),
        )
        for c in counties
    ]
    own = counts.get(None)
    own_row = ([own.get(k, 0) for k in PointKind.values], sum(own.values())) if own else None
    kind = request.GET.get("kind", "")
    listed = points.select_related("org", "county")
    if kind in PointKind.values:
        listed = listed.filter(kind=kind)
    county = request.GET.get("county", "")
    if county.isdigit():
        listed = listed.filter(county_id=int(county))
    return render(
        request,
        "facilities/service_points.html",
        {
            "title": _("职工服务阵地"),
            "kinds": PointKind.choices,
            "table": table,
            "own_row": own_row,
            "kind": kind,
            "county": county,
            "page": Paginator(listed.order_by("county_id", "kind", "name", "pk"), 50).get_page(
                request.GET.get("page")
            ),
        },
    )
