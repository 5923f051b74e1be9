"""Dues figures per county, computed in the database.

Receipts carry their county (`DuesReceipt.county`, set on save) and are summed per county and
month into `DuesMonthTotal` whenever they are written (see totals.py). Figures count whole
months (a month counts once it has ended), so the table for any number of counties is three
queries over a few hundred rows whatever the number of receipts: merges, plans, and the sums of
this year and of the same period last year in one grouped query. Below the county level,
figures sum the receipts themselves (by the org tree).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from gonghui.funds import rules
from gonghui.funds.models import DuesMonthTotal, DuesPlan, DuesReceipt
from gonghui.orgs.counties import county_scope_q, merged_into
from gonghui.orgs.models import Level, Org, moved_after, subtree_q, tree_day

ZERO = Decimal(0)
# Bootstrap colours of the statuses (green, amber, red as supervision offices use them).
STATUS_CLASSES = {
    rules.Status.DONE: "primary",
    rules.Status.GREEN: "success",
    rules.Status.AMBER: "warning",
    rules.Status.RED: "danger",
    rules.Status.NO_PLAN: "secondary",
}


@dataclass(frozen=True)
class CountyDues:
    """One county's dues as of a date: plan, collected, last year's same period, the verdicts."""

    county: Org
    plan: Decimal
    collected: Decimal
    collected_last_year: Decimal
    expected: float  # the time-proportional share (0–1)

    @property
    def share(self) -> float | None:
        return rules.share(self.collected, self.plan)

    @property
    def growth(self) -> float | None:
        return rules.growth(self.collected, self.collected_last_year)

    @property
    def status(self) -> str:
        return rules.status(self.share, self.expected)

    @property
    def status_label(self) -> str:
        return rules.Status.LABELS[self.status]

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES[self.status]

    @property
    def share_pct(self) -> float | None:
        return None if self.share is None else self.share * 100

    @property
    def expected_pct(self) -> float:
        return self.expected * 100

    @property
    def growth_pct(self) -> float | None:
        return None if self.growth is None else self.growth * 100


def _period(as_of: date) -> Q:
    """Receipts of the year to date, and of the same period a year earlier."""
    year = as_of.year
    last = rules.same_day_last_year(as_of)
    return Q(month__gte=date(year, 1, 1), month__lt=rules.counted_before(as_of)) | Q(
        month__gte=date(year - 1, 1, 1), month__lt=rules.counted_before(last)
    )


def county_table(counties: Iterable[Org], as_of: date) -> list[CountyDues]:
    """Each county's dues as of the date, in the given order."""
    counties = list(counties)
    if not counties:
        return []
    mapping = merged_into(counties, as_of)
    year = as_of.year
    plans = DuesPlan.objects.filter(org_id__in=mapping, year=year)
    plan_of: dict[int, Decimal] = {}
    curve_of: dict[int, list[float] | None] = {}
    for plan in plans:
        target = mapping[plan.org_id]
        plan_of[target] = plan_of.get(target, ZERO) + plan.amount
        if plan.org_id == target:
            curve_of[target] = plan.monthly_curve
    sums = (
        DuesMonthTotal.objects.filter(_period(as_of), county_id__in=mapping)
        .values("county_id")
        .annotate(
            this=Sum("amount", filter=Q(month__gte=date(year, 1, 1))),
            last=Sum("amount", filter=Q(month__lt=date(year, 1, 1))),
        )
        .order_by()
    )
    this_of: dict[int, Decimal] = {}
    last_of: dict[int, Decimal] = {}
    for row in sums:
        target = mapping[row["county_id"]]
        this_of[target] = this_of.get(target, ZERO) + (row["this"] or ZERO)
        last_of[target] = last_of.get(target, ZERO) + (row["last"] or ZERO)
    return [
        CountyDues(
            county=c,
            plan=plan_of.get(c.pk, ZERO),
            collected=this_of.get(c.pk, ZERO),
            collected_last_year=last_of.get(c.pk, ZERO),
            expected=rules.expected_share(year, as_of, curve_of.get(c.pk)),
        )
        for c in counties
    ]


def collected(org: Org, start: date, before: date) -> Decimal:
    """Dues received by the org's subtree for months in [start, before)."""
    # The city and the counties read the monthly totals (kept by stored county); the units
    # below, a day before a move (stored counties are today's), and the receipts of no county
    # (the city's own, 本级), the receipts.
    months = Q(month__gte=start, month__lt=before)
    if org.level not in (Level.CITY, Level.COUNTY) or moved_after(tree_day()):
        receipts = DuesReceipt.objects.filter(county_scope_q(org), months)
        return receipts.aggregate(total=Sum("amount"))["total"] or ZERO
    totals = DuesMonthTotal.objects.filter(county_scope_q(org, org_field=None), months)
    total = totals.aggregate(total=Sum("amount"))["total"] or ZERO
    if org.level == Level.CITY:
        own = DuesReceipt.objects.filter(subtree_q(org), months, county__isnull=True)
        total += own.aggregate(total=Sum("amount"))["total"] or ZERO
    return total


def collected_to_date(org: Org, as_of: date) -> Decimal:
    """Dues received in the as-of date's year up to the date."""
    return collected(org, date(as_of.year, 1, 1), rules.counted_before(as_of))


def collected_same_period_last_year(org: Org, as_of: date) -> Decimal:
    """Dues received in the same period of the year before."""
    last = rules.same_day_last_year(as_of)
    return collected(org, date(last.year, 1, 1), rules.counted_before(last))


def plan_amount(org: Org, year: int) -> Decimal:
    """The year's plans of the counties in the org's subtree (the org's own included)."""
    total = DuesPlan.objects.in_org(org).filter(year=year).aggregate(total=Sum("amount"))["total"]
    return total or ZERO
