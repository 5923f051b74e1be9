"""Problems the rights records reveal (发现的问题), for the dashboard to collect.

- counties with no lawyer shift in the month of the as-of date or the month before it
  (the speech: lawyers at service-centre windows every month);
- shifts held with no consultation record (记录缺失);
- counties where few grassroots unions have a labour-law supervision committee.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q
from django.urls import reverse

from gonghui.core.findings import Finding, Group
from gonghui.orgs.models import Level, Org
from gonghui.rights.models import LawyerShift, SupervisionCommittee

# A county is "few" below this share of its grassroots unions having a committee.
FEW_COMMITTEES_SHARE = 0.2


def _counties(org: Org, as_of: date) -> list[Org]:
    if org.level == Level.COUNTY:
        return [org]
    return list(
        Org.objects.subtree(org).active_on(as_of).filter(level=Level.COUNTY).order_by("admin_code")
    )


def _previous_month_start(as_of: date) -> date:
    return (as_of.replace(day=1) - timedelta(days=1)).replace(day=1)


def counties_without_shifts(org: Org, as_of: date) -> list[Org]:
    """Counties with no lawyer shift from the first of the previous month to the as-of date."""
    counties = _counties(org, as_of)
    since = _previous_month_start(as_of)
    shifts = LawyerShift.objects.filter(on__gte=since, on__lte=as_of).aggregate(
        **{
            f"c{c.pk}": Count("pk", filter=Q(centre__org__path__startswith=c.path))
            for c in counties
        }
    )
    return [c for c in counties if not shifts.get(f"c{c.pk}")]


def shifts_without_records(org: Org, as_of: date) -> list[LawyerShift]:
    """Shifts held up to the date (this year) with no consultation recorded."""
    return list(
        LawyerShift.objects.in_org(org)  # type: ignore[attr-defined]
        .filter(on__gte=date(as_of.year, 1, 1), on__lte=as_of)
        .annotate(records=Count("consultations"))
        .filter(records=0)
        .select_related("centre", "centre__org", "lawyer")
        .order_by("on")
    )


def counties_with_few_committees(org: Org, as_of: date) -> list[tuple[Org, int, int]]:
    """(county, committees, grassroots unions) where the share is below FEW_COMMITTEES_SHARE."""
    counties = _counties(org, as_of)
    committees = SupervisionCommittee.objects.filter(set_up_on__lte=as_of).aggregate(
        **{f"c{c.pk}": Count("pk", filter=Q(union__path__startswith=c.path)) for c in counties}
    )
    unions = (
        Org.objects.active_on(as_of)
        .filter(level=Level.GRASSROOTS)
        .aggregate(**{f"c{c.pk}": Count("pk", filter=Q(path__startswith=c.path)) for c in counties})
    )
    found = []
    for county in counties:
        n, total = committees.get(f"c{county.pk}") or 0, unions.get(f"c{county.pk}") or 0
        if total and n < FEW_COMMITTEES_SHARE * total:
            found.append((county, n, total))
    return found


def findings(org: Org, as_of: date) -> list[Finding]:
    """Every rights finding for the org's subtree as of the date."""
    found: list[Finding] = []
    missing = counties_without_shifts(org, as_of)
    if missing:
        months = f"{_previous_month_start(as_of):%Y年%m月}至{as_of:%m月}"
        found.append(
            Finding(
                kind="rights.no_lawyer_shift",
                group=Group.PRESSURE,
                title=f"{'、'.join(c.display_name for c in missing)}{months}没有安排维权律师驻点值班",
                orgs=[c.name for c in missing],
                url=reverse("rights:shift_rota") + f"?month={as_of:%Y-%m}",
            )
        )
    empty = shifts_without_records(org, as_of)
    if empty:
        centres = sorted({s.centre.org.name for s in empty})
        found.append(
            Finding(
                kind="rights.shift_without_record",
                group=Group.PRESSURE,
                title=f"{len(empty)}个律师值班班次没有接访记录",
                orgs=centres,
                url=reverse("rights:shift_rota"),
            )
        )
    few = counties_with_few_committees(org, as_of)
    if few:
        names = "、".join(f"{c.display_name}（{n}/{total}）" for c, n, total in few)
        found.append(
            Finding(
                kind="rights.few_supervision_committees",
                group=Group.PRESSURE,
                title=f"建立劳动法律监督委员会的基层工会不足{int(FEW_COMMITTEES_SHARE * 100)}%：{names}",
                orgs=[c.name for c, _n, _t in few],
                url=reverse("rights:committee_list"),
            )
        )
    return found
