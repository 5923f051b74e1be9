"""The records behind any figure (下钻): ?org=&as_of= give the subtree and the date.

One page for every indicator that declares `records`: it states the figure, then lists
exactly the records that make it (50 a page, each linking to its own page), and exports the
same rows as xlsx. The org is opened through the user's scope (404 outside it) and the records
are narrowed to the user's scope again, so a list never shows what its reader may not see.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from gonghui.core import audit, figure_cache, indicators
from gonghui.core.indicators import Indicator
from gonghui.core.spreadsheets import write_xlsx, xlsx_response
from gonghui.dashboard import drill
from gonghui.honors.models import Competition, Participant
from gonghui.orgs.models import Org, tree_as_of
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import ScopedQuerySet, get_for_user_or_404, scope_for_user

PAGE_SIZE = 50


def _indicator(name: str) -> Indicator:
    try:
        ind = indicators.get(name)
    except KeyError:
        raise Http404 from None
    if ind.records is None:
        raise Http404
    return ind


def _org(request: HttpRequest) -> Org:
    raw = request.GET.get("org", "")
    if raw.isdigit():
        return get_for_user_or_404(Org, request.user, pk=int(raw))
    if request.user.org_id:  # type: ignore[union-attr]
        return get_for_user_or_404(Org, request.user, pk=request.user.org_id)  # type: ignore[union-attr]
    raise Http404


def _competitions_seen(competitions: QuerySet, user: Any) -> QuerySet:
    """Competitions are seen by the unions that organise them and those taking part (as on the
    honours pages), both through the scoping door."""
    organised = Competition.objects.for_user(user).values("pk")
    entered = Participant.objects.for_user(user).values("competition_id")
    return competitions.filter(Q(pk__in=organised) | Q(pk__in=entered))


# Record kinds seen more widely than through their own org (model label → the door).
WIDER_DOORS = {"honors.competition": _competitions_seen}


def _records(ind: Indicator, org: Org, as_of: date, user: Any) -> tuple[QuerySet, QuerySet]:
    """(every record that makes the figure, those of them the user may see), ordered."""
    assert ind.records is not None
    with tree_as_of(as_of):  # the records of the tree as it was that day, as the figure
        everything = ind.records(org, as_of)
    if not everything.ordered:
        everything = everything.order_by("pk")
    door = WIDER_DOORS.get(everything.model._meta.label_lower)
    if door is not None:
        visible = door(everything, user)
    elif isinstance(everything, ScopedQuerySet):
        visible = everything.for_user(user)
    elif everything.model is Org:
        visible = scope_for_user(everything, user)
    else:  # built from the org's subtree, which the user may open
        visible = everything
    return everything, visible


def _figure(ind: Indicator, org: Org, as_of: date) -> object:
    # The dashboard's monthly chart caches single figures under the same key.
    return figure_cache.cached(
        f"one:{ind.name}:{org.pk}:{as_of.isoformat()}",
        figure_cache.current(ind.module),
        lambda: indicators.compute(ind.name, org, as_of).value,
    )


def _module_page(ind: Indicator, org: Org, as_of: date) -> str:
    if not ind.records_url:
        return ""
    try:
        return f"{reverse(ind.records_url)}?org={org.pk}&as_of={as_of.isoformat()}"
    except NoReverseMatch:
        return ""


def _totals(ind: Indicator, visible: QuerySet) -> dict[str, Any]:
    """How many records the user sees and, for a sum, what they add up to (one query)."""
    aggregates: dict[str, Any] = {"n": Count("pk")}
    if ind.records_sum:
        aggregates["total"] = Sum(ind.records_sum)
    found = visible.order_by().aggregate(**aggregates)
    total = found.get("total") or 0
    return {"count": found["n"], "total": total}


def _matches(ind: Indicator, value: object, totals: dict[str, Any]) -> bool:
    measured = totals["total"] if ind.records_sum else totals["count"]
    return Decimal(str(measured)) == Decimal(str(value))


@login_required
@staff_required
def records(request: HttpRequest, name: str) -> HttpResponse:
    """The figure for the org and date, and the records that make it, 50 a page."""
    ind = _indicator(name)
    org = _org(request)
    as_of = request.as_of  # type: ignore[attr-defined]
    everything, visible = _records(ind, org, as_of, request.user)
    chosen = drill.columns(ind, visible.model)
    value = _figure(ind, org, as_of)
    totals = _totals(ind, visible)
    hidden, compared = 0, totals
    if visible is not everything:  # the figure counts every record, seen or not
        compared = _totals(ind, everything)
        hidden = compared["count"] - totals["count"]
    paginator = Paginator(
        visible.select_related(*drill.related_paths(visible.model, [p for p, _ in chosen])),
        PAGE_SIZE,
    )
    paginator.count = totals["count"]  # type: ignore[misc]  # counted above, once
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/records.html",
        {
            "ind": ind,
            "org": org,
            "value": value,
            "totals": totals,
            "matches": _matches(ind, value, compared),
            "hidden": hidden,
            "headers": [header for _, header in chosen],
            "rows": drill.rows(page.object_list, chosen),
            "page": page,
            "query": f"org={org.pk}&as_of={as_of.isoformat()}",
            "module_page": _module_page(ind, org, as_of),
            "title": f"{org.display_name}{ind.label}",
        },
    )


@login_required
@staff_required
def records_export(request: HttpRequest, name: str) -> HttpResponse:
    """The same records as xlsx (ID numbers masked, as on the page)."""
    ind = _indicator(name)
    org = _org(request)
    as_of = request.as_of  # type: ignore[attr-defined]
    _everything, visible = _records(ind, org, as_of, request.user)
    chosen = drill.columns(ind, visible.model)
    objects = visible.select_related(*drill.related_paths(visible.model, [p for p, _ in chosen]))
    data = [row["cells"] for row in drill.rows(objects.iterator(chunk_size=2000), chosen)]
    audit.record(
        "dashboard.records.exported",
        request=request,
        org=org,
        detail={"indicator": ind.name, "as_of": as_of.isoformat(), "rows": len(data)},
    )
    content = write_xlsx([header for _, header in chosen], data, str(ind.label))
    return xlsx_response(content, f"{org.display_name}{ind.label}_{as_of}.xlsx")
