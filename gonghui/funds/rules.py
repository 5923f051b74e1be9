"""Pure rules of dues collection (工会经费征缴): the 2% rule, the time-proportional share of the
yearly plan (序时进度), year-over-year growth and the status colour. No database access."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

# 工会法: the employer pays 2% of its monthly payroll (工资总额).
DUES_RATE = Decimal("0.02")
# A receipt may differ from 2% of the payroll by rounding and small adjustments: this much of
# the due amount, and never less than one yuan.
AMOUNT_TOLERANCE = Decimal("0.01")
AMOUNT_TOLERANCE_MIN = Decimal("1.00")
# Points (of 100) a county may be behind the time line before it is "behind" (red).
SCHEDULE_TOLERANCE = 10.0

CENT = Decimal("0.01")


def dues_for(payroll: Decimal) -> Decimal:
    """The dues an employer owes on a payroll: 2%, rounded to the cent."""
    return (payroll * DUES_RATE).quantize(CENT, rounding=ROUND_HALF_UP)


def amount_matches(payroll: Decimal, amount: Decimal) -> bool:
    """True when the amount paid is 2% of the payroll within the tolerance."""
    due = dues_for(payroll)
    allowed = max(AMOUNT_TOLERANCE_MIN, (due * AMOUNT_TOLERANCE).quantize(CENT))
    return abs(amount - due) <= allowed


def month_start(day: date) -> date:
    """The first day of the day's month."""
    return day.replace(day=1)


def counted_before(as_of: date) -> date:
    """Receipts count once their month has ended: those for months before this date count.

    The tax office transfers a month's dues after the month, so on 15 June the June receipts
    are not in yet; on 30 June they are.
    """
    return month_start(as_of + timedelta(days=1))


def same_day_last_year(day: date) -> date:
    """The same calendar day one year earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def normalize_curve(curve: Sequence[float | Decimal | int]) -> list[float]:
    """Twelve monthly weights scaled to sum to 1; ValueError when they cannot be."""
    if len(curve) != 12:
        raise ValueError("月度曲线需要12个月的比例")
    values = [float(v) for v in curve]
    if any(v < 0 for v in values):
        raise ValueError("月度曲线的比例不能为负数")
    total = sum(values)
    if total <= 0:
        raise ValueError("月度曲线的比例之和必须大于0")
    return [v / total for v in values]


def expected_share(
    year: int, as_of: date, curve: Sequence[float | Decimal | int] | None = None
) -> float:
    """The share (0–1) of the year's plan that should be in by the date (序时进度).

    Straight line: the elapsed share of the year's days, the as-of day included. With a
    monthly curve (seasonal receipts): the weights of the months before, plus the current
    month's weight in proportion to its elapsed days.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    if as_of < start:
        return 0.0
    if as_of >= end:
        return 1.0
    if curve is None:
        return ((as_of - start).days + 1) / ((end - start).days + 1)
    weights = normalize_curve(curve)
    month = as_of.month
    days_in_month = calendar.monthrange(year, month)[1]
    share = sum(weights[: month - 1]) + weights[month - 1] * as_of.day / days_in_month
    return min(1.0, max(0.0, share))


def share(collected: Decimal | float, plan: Decimal | float) -> float | None:
    """Collected as a share (0–1) of the plan; None when there is no plan."""
    if not plan:
        return None
    return float(collected) / float(plan)


def growth(current: Decimal | float, previous: Decimal | float) -> float | None:
    """Year-over-year growth as a fraction (−0.1 = 10% less); None when last year had nothing."""
    if not previous:
        return None
    return (float(current) - float(previous)) / float(previous)


class Status:
    """Colours as supervision offices use them (see DOMAIN.md, Schedule)."""

    DONE = "done"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_PLAN = "no_plan"

    LABELS = {
        DONE: "已完成",
        GREEN: "达到序时进度",
        AMBER: "略低于序时进度",
        RED: "明显落后",
        NO_PLAN: "无年度计划",
    }


def status(actual: float | None, expected: float, tolerance: float = SCHEDULE_TOLERANCE) -> str:
    """The colour of a share against the time line: tolerance is in points (of 100)."""
    if actual is None:
        return Status.NO_PLAN
    if actual >= 1.0:
        return Status.DONE
    gap_points = (actual - expected) * 100
    if gap_points >= 0:
        return Status.GREEN
    if gap_points >= -tolerance:
        return Status.AMBER
    return Status.RED
