"""The petition statistics page (信访统计)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gonghui.core import figure_cache
from gonghui.orgs.permissions import staff_required
from gonghui.rights import forms, statistics
from gonghui.rights.models import Petition


@login_required
@staff_required
def petition_statistics(request: HttpRequest) -> HttpResponse:
    """Cases and person-visits of the user's scope, from 1 January (or ?start) to the as-of date."""
    as_of: date = request.as_of  # type: ignore[attr-defined]
    form = forms.PeriodForm(request.GET or None)
    start, end = date(as_of.year, 1, 1), as_of
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    user = request.user
    # The figures depend only on the user's scope and the dates: cached by the data version,
    # so any change of a record makes the next request recompute them.
    scope = "all" if user.is_superuser else f"org{user.org_id}"  # type: ignore[union-attr]
    figures = figure_cache.cached(
        f"rights.statistics:{scope}:{start}:{end}:{as_of}",
        figure_cache.current(),
        lambda: statistics.compute(Petition.objects.for_user(user), start, end, as_of),  # type: ignore[attr-defined]
    )
    return render(
        request,
        "rights/statistics.html",
        {
            "form": form,
            "s": figures,
            "tables": [
                ("按渠道", figures.by_channel, "stat-channel"),
                ("按反映事项", figures.by_matter, "stat-matter"),
                ("按县（市、区）", figures.by_county, "stat-county"),
                ("按月份", figures.by_month, "stat-month"),
                ("按用人单位（前10）", figures.by_employer, "stat-employer"),
            ],
            "title": "信访统计",
        },
    )
