"""The home page: the user's org and its figures as of the chosen date."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gonghui.core import indicators


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Staff see their org's figures; lawyers, judges and workers see their own desk."""
    user = request.user
    org = user.org  # type: ignore[union-attr]
    figures = []
    if org is not None and (user.is_superuser or user.sees_subtree):  # type: ignore[union-attr]
        figures = indicators.compute_all(org, request.as_of)  # type: ignore[attr-defined]
    return render(request, "dashboard/home.html", {"org": org, "figures": figures, "title": "首页"})
