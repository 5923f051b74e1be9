"""Demo dues (2017 and the first half of 2018): every county has a 2018 plan; receipts by month
per paying employer. As the speech says, one county is near 20% of its plan at mid-year (清流)
and one has less than in the first half of 2017 (泰宁); the rest are spread around the time line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gonghui.core import creditcode
from gonghui.core.demo import DemoContext
from gonghui.funds import rules, totals
from gonghui.funds.models import DuesPlan, DuesReceipt, ShareRule
from gonghui.orgs.models import Org

# Share of the 2018 plan collected by 30 June, and growth over the first half of 2017.
TARGETS: dict[str, tuple[float, float]] = {
    "梅列": (0.55, 0.08),
    "三元": (0.52, 0.06),
    "永安": (0.58, 0.11),
    "明溪": (0.46, 0.04),
    "清流": (0.21, 0.03),  # 有的县上半年才完成20%多
    "宁化": (0.49, 0.07),
    "大田": (0.60, 0.12),
    "尤溪": (0.47, 0.05),
    "沙县": (0.53, 0.09),
    "将乐": (0.51, 0.06),
    "泰宁": (0.45, -0.12),  # 个别县甚至出现负增长
    "建宁": (0.50, 0.05),
}
PAYING_SHARE = 0.55  # of grassroots unions that pay through the tax office each month
PREPARATORY_EMPLOYERS = 3  # employers with no union yet, per county
FUJIAN = "350000"


def load(ctx: DemoContext) -> str:
    """Plans for 2017 and 2018, receipts for 2017 and January–June 2018, Fujian's split."""
    rng = ctx.rng("funds")
    receipts: list[DuesReceipt] = []
    plans = []
    for short, county in ctx.counties.items():
        share, growth = TARGETS[short]
        unions = ctx.grassroots(county)
        plan = Decimal(round(len(unions) * rng.uniform(9000, 13000), -4))
        plans.append(DuesPlan(org=county, year=2018, amount=plan))
        h1_2018 = float(plan) * share
        h1_2017 = h1_2018 / (1 + growth)
        # 2017's plan, so that the page opened at a 2017 date has a time line too.
        plans.append(DuesPlan(org=county, year=2017, amount=Decimal(round(h1_2017 * 2.2, -4))))
        payers = [u for u in unions if rng.random() < PAYING_SHARE]
        employers = [(u, u.employer_name, u.credit_code) for u in payers]
        employers += [
            (
                None,
                f"{county.short_name}新建企业{i + 1}有限公司",
                creditcode.generate(rng, county.admin_code or "350400"),
            )
            for i in range(PREPARATORY_EMPLOYERS)
        ]
        weights = [rng.lognormvariate(0, 0.8) for _ in employers]
        halves = [
            ([date(2018, m, 1) for m in range(1, 7)], h1_2018),
            ([date(2017, m, 1) for m in range(1, 7)], h1_2017),
            # Year-end bonuses raise the second half's payrolls a little.
            ([date(2017, m, 1) for m in range(7, 13)], h1_2017 * 1.15),
        ]
        for months, half_total in halves:
            # Months vary, but each half adds up to its target, so the figures are the speech's.
            noise = [rng.uniform(0.85, 1.15) for _ in months]
            for month, factor in zip(months, noise, strict=True):
                month_total = half_total * factor / sum(noise)
                receipts.extend(_month(county, month, month_total, employers, weights))
    DuesPlan.objects.bulk_create(plans)
    DuesReceipt.objects.bulk_create(receipts, batch_size=5000)
    totals.rebuild()
    ShareRule.objects.create(
        year=2018,
        province_code=FUJIAN,
        shares={"grassroots": 60, "county": 16, "city": 10, "province": 9, "national": 5},
    )
    return f"{len(plans)}个征缴计划（2017、2018年），{len(receipts)}条经费收入（2017年全年、2018年1—6月）"


def _month(
    county: Org,
    month: date,
    total: float,
    employers: list[tuple[Org | None, str, str]],
    weights: list[float],
) -> list[DuesReceipt]:
    """One month's receipts: the county's total spread over its employers by their size."""
    scale = total / sum(weights)
    rows = []
    for (union, name, code), weight in zip(employers, weights, strict=True):
        payroll = Decimal(round(weight * scale / 0.02, -2))
        rows.append(
            DuesReceipt(
                org=union or county,
                county=county,
                month=month,
                employer_name=name,
                credit_code=code,
                payroll=payroll,
                amount=rules.dues_for(payroll),
                preparatory=union is None,
            )
        )
    return rows
