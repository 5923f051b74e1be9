"""Dues figures (工会经费征缴): collected, plan, share of plan, growth — for any org and date."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from gonghui.core.indicators import indicator
from gonghui.funds import queries, rules
from gonghui.funds.models import DuesPlan, DuesReceipt
from gonghui.orgs.counties import county_scope_q
from gonghui.orgs.models import Org


def _records_receipts(org: Org, as_of: date) -> QuerySet[DuesReceipt]:
    """The receipts summed by `queries.collected_to_date` (or by its monthly totals)."""
    return DuesReceipt.objects.filter(
        county_scope_q(org),
        month__gte=date(as_of.year, 1, 1),
        month__lt=rules.counted_before(as_of),
    )


def _records_plans(org: Org, as_of: date) -> QuerySet[DuesPlan]:
    return DuesPlan.objects.in_org(org).filter(year=as_of.year)


@indicator(
    "funds.dues_collected",
    "本年工会经费征缴额",
    "元",
    description="本年1月至截至日期已结束月份的经费收入",
    records_url="funds:receipts",
    records=_records_receipts,
    columns=(
        ("month", "所属月份"),
        ("employer_name", "缴费单位"),
        ("org__name", "工会"),
        ("county__name", "县级工会"),
        ("payroll", "工资总额（元）"),
        ("amount", "缴费金额（元）"),
    ),
    records_sum="amount",
)
def dues_collected(org: Org, as_of: date) -> float:
    return float(queries.collected_to_date(org, as_of))


@indicator(
    "funds.dues_plan",
    "本年工会经费征缴计划",
    "元",
    records_url="funds:dues",
    records=_records_plans,
    columns=(("org__name", "工会"), ("year", "年度"), ("amount", "计划金额（元）")),
    records_sum="amount",
)
def dues_plan(org: Org, as_of: date) -> float:
    return float(queries.plan_amount(org, as_of.year))


@indicator(
    "funds.dues_share_of_plan",
    "工会经费征缴完成年度计划比例",
    "%",
    description="无计划时为0",
    records_url="funds:dues",
)
def dues_share_of_plan(org: Org, as_of: date) -> float:
    value = rules.share(queries.collected_to_date(org, as_of), queries.plan_amount(org, as_of.year))
    return round((value or 0.0) * 100, 1)


@indicator(
    "funds.dues_growth",
    "工会经费征缴同比增长",
    "%",
    description="与上年同期相比；上年同期无收入时为0",
    records_url="funds:dues",
)
def dues_growth(org: Org, as_of: date) -> float:
    value = rules.growth(
        queries.collected_to_date(org, as_of),
        queries.collected_same_period_last_year(org, as_of),
    )
    return round((value or 0.0) * 100, 1)
