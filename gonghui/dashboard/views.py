"""The home page and the dashboard (工作台): figures and findings for any org and date."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core import figure_cache, indicators, jobs
from gonghui.core.spreadsheets import write_xlsx, xlsx_response
from gonghui.dashboard import briefing_job, collect, drill, heatmap
from gonghui.orgs.models import Org
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404, visible_ancestors, visible_orgs


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Staff see their org's key figures and problems; lawyers, judges and workers their desk."""
    user = request.user
    org = user.org  # type: ignore[union-attr]
    figures, problems = [], []
    if org is not None and (user.is_superuser or user.sees_subtree):  # type: ignore[union-attr]
        versions = figure_cache.snapshot()
        figures = collect.key_figures(org, request.as_of, versions)  # type: ignore[attr-defined]
        problems = collect.grouped_findings(collect.findings(org, request.as_of, versions))  # type: ignore[attr-defined]
    return render(
        request,
        "dashboard/home.html",
        {
            "org": org,
            "figures": _with_links(figures, org, request.as_of),
            "problems": problems,  # type: ignore[attr-defined]
            "title": "首页",
        },
    )


def _chosen_org(request: HttpRequest) -> Org:
    raw = request.GET.get("org")
    if raw and raw.isdigit():
        return get_for_user_or_404(Org, request.user, pk=int(raw))
    if request.user.org_id:  # type: ignore[union-attr]
        return get_for_user_or_404(Org, request.user, pk=request.user.org_id)  # type: ignore[union-attr]
    top = visible_orgs(request.user).order_by("depth", "pk").first()
    if top is None:  # a superuser on an empty database
        raise Http404
    return top


def _with_links(values: list[indicators.IndicatorValue], org: Org, as_of: date) -> list[dict]:
    """Each figure with the link to the records behind it (drill-down)."""
    rows = []
    for value in values:
        url = drill.link(value.name, org.pk, as_of)
        rows.append({"value": value, "url": url, **value.as_json()})
    return rows


@login_required
@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """One screen per org for the chosen date: key figures, problems, the county comparison."""
    org = _chosen_org(request)
    as_of = request.as_of  # type: ignore[attr-defined]
    versions = figure_cache.snapshot()
    key = collect.key_figures(org, as_of, versions)
    names = [v.name for v in key]
    table = collect.comparison_table(org, as_of, names, versions)
    chosen = request.GET.get("indicator") or _first_compared(names, table)
    chart = {
        "indicator": chosen,
        "label": next((v.label for v in key if v.name == chosen), ""),
        "units": [unit.display_name for unit, _ in table],
        "values": [
            next((float(v.value) for v in values if v.name == chosen), 0) for _, values in table
        ],
        "months": [],
        "series": [],
    }
    if chosen in names:
        months = _month_ends(as_of)
        chart["months"] = [f"{d.month}月" for d in months]
        chart["series"] = [
            float(
                figure_cache.cached(
                    f"one:{chosen}:{org.pk}:{d.isoformat()}",
                    versions.of(chosen.split(".", 1)[0]),
                    lambda d=d: indicators.compute(chosen, org, d).value,
                )
            )
            for d in months
        ]
    units = [unit for unit, _ in table]
    heat = figure_cache.cached(
        f"heatmap:{request.user.pk}:{org.pk}:{as_of.isoformat()}",  # type: ignore[union-attr]
        versions.of("supervision"),
        lambda: heatmap.build(request.user, units, as_of),
    )
    breadcrumb = list(visible_ancestors(request.user, org))
    own = collect.own_row(org, key, table) if table else []
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "org": org,
            "breadcrumb": breadcrumb,
            "figures": _with_links(key, org, as_of),
            "problems": collect.grouped_findings(collect.findings(org, as_of, versions)),
            "table": table,
            "own": own if own and collect.shows_own_row(org, own, len(table)) else None,
            "own_label": collect.own_label(org),
            "names": key,
            "chart": chart,
            "sections": collect.sections(org, as_of, versions),
            "heat": heat,
            "title": f"{org.display_name}工作台",
        },
    )


def _first_compared(names: list[str], table: list) -> str:
    """The first key figure that differs between the units (a chart of zeros says nothing)."""
    for name in names:
        values = {v.value for _, row in table for v in row if v.name == name}
        if len(values) > 1:
            return name
    return names[0] if names else ""


def _month_ends(as_of: date) -> list[date]:
    """The last day of each month from January to the as-of month (the as-of day for the last)."""
    ends = []
    for month in range(1, as_of.month + 1):
        if month == as_of.month:
            ends.append(as_of)
        else:
            first_next = date(as_of.year, month + 1, 1)
            ends.append(date.fromordinal(first_next.toordinal() - 1))
    return ends


@login_required
@staff_required
@require_POST
def briefing_docx(request: HttpRequest) -> HttpResponse:
    """Ask for the briefing of the chosen org and date; it is written in the background and
    downloaded from the job's page, which shows the progress."""
    org = _chosen_org(request)
    as_of = request.as_of  # type: ignore[attr-defined]
    job = jobs.start(
        request.user,
        briefing_job.KIND,
        org,
        briefing_job.title(org.display_name, as_of),
        {"as_of": as_of.isoformat()},
        request=request,
    )
    return redirect("job", job.pk)


@login_required
@staff_required
def export(request: HttpRequest) -> HttpResponse:
    """The dashboard's tables as xlsx: ?table=comparison (default), findings, heatmap, figures."""
    org = _chosen_org(request)
    as_of = request.as_of  # type: ignore[attr-defined]
    versions = figure_cache.snapshot()
    if request.GET.get("table") == "findings":
        rows = [
            (group, f.title, "、".join(f.orgs))
            for group, items in collect.grouped_findings(collect.findings(org, as_of, versions))
            for f in items
        ]
        content = write_xlsx(["问题类别", "问题", "涉及单位"], rows, "存在的问题")
        return xlsx_response(content, f"{org.display_name}存在的问题_{as_of}.xlsx")
    if request.GET.get("table") == "heatmap":
        units = collect.comparison_units(org, as_of)
        heat = heatmap.build(request.user, units, as_of)
        rows = [
            [title, *(f"{c.label}（{c.gap:+.1f}）" if c else "" for c in cells)]
            for title, _, cells in heat.rows
        ]
        content = write_xlsx(["任务", *(u.display_name for u in heat.units)], rows, "推进情况")
        return xlsx_response(content, f"{org.display_name}重点工作推进情况_{as_of}.xlsx")
    if request.GET.get("table") == "figures":
        rows = [
            (section.label, v.label, v.value, v.unit, v.name)
            for section in collect.sections(org, as_of, versions)
            for v in section.figures
        ]
        content = write_xlsx(["板块", "指标", "数值", "单位", "指标代码"], rows, "全部指标")
        return xlsx_response(content, f"{org.display_name}全部指标_{as_of}.xlsx")
    key = collect.key_figures(org, as_of, versions)
    table = collect.comparison_table(org, as_of, [v.name for v in key], versions)
    headers = ["单位"] + [f"{v.label}（{v.unit}）" for v in key]
    rows = [[unit.name, *(v.value for v in values)] for unit, values in table]
    own = collect.own_row(org, key, table)
    if table and collect.shows_own_row(org, own, len(table)):
        rows.append([collect.own_label(org), *(v.value if v else "—" for v in own)])
    rows.append([f"{org.name}合计", *(v.value for v in key)])
    content = write_xlsx(headers, rows, "分县比较")
    return xlsx_response(content, f"{org.display_name}分县比较_{as_of}.xlsx")
