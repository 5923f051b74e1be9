"""Eligibility rules for households in hardship (困难职工家庭), as plain functions (no database).

DOMAIN.md, "Hardship": per-capita monthly income = (yearly household disposable income − rigid
expenses) ÷ 12 ÷ members; deep hardship (深度困难) below the county's minimum-living standard
(低保标准), relative hardship (相对困难) below twice that, hardship by accident (意外致困) when
the year's losses exceed 80% of the household's income; otherwise not eligible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")
RELATIVE_MULTIPLE = Decimal(2)
ACCIDENT_LOSS_SHARE = Decimal("0.8")
REVIEW_PERIOD_DAYS = 365


class Category(StrEnum):
    """The household's category; the values are stored in the database."""

    DEEP = "deep"
    RELATIVE = "relative"
    ACCIDENT = "accident"
    NONE = "none"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]

    @property
    def depth(self) -> int:
        """How deep the hardship is: higher is deeper (deep 3 … not eligible 0)."""
        return DEPTH[self]


CATEGORY_LABELS = {
    Category.DEEP: "深度困难",
    Category.RELATIVE: "相对困难",
    Category.ACCIDENT: "意外致困",
    Category.NONE: "不符合建档条件",
}
DEPTH = {Category.DEEP: 3, Category.RELATIVE: 2, Category.ACCIDENT: 1, Category.NONE: 0}


def per_capita_monthly_income(
    yearly_income: Decimal, rigid_expenses: Decimal, members: int
) -> Decimal:
    """(yearly disposable income − rigid expenses) ÷ 12 ÷ members, rounded to the fen (分)."""
    if members < 1:
        raise ValueError("家庭人口数至少为1人")
    value = (Decimal(yearly_income) - Decimal(rigid_expenses)) / 12 / members
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def categorize(
    per_capita: Decimal,
    standard: Decimal,
    *,
    yearly_income: Decimal = Decimal(0),
    accident_losses: Decimal = Decimal(0),
) -> Category:
    """The category the rules suggest for a per-capita income against the monthly 低保标准."""
    if standard <= 0:
        raise ValueError("低保标准必须大于0")
    if per_capita < standard:
        return Category.DEEP
    if per_capita < RELATIVE_MULTIPLE * standard:
        return Category.RELATIVE
    # Losses above 80% of the year's income keep a household in hardship whatever its income.
    if accident_losses > 0 and accident_losses > ACCIDENT_LOSS_SHARE * max(
        Decimal(yearly_income), Decimal(0)
    ):
        return Category.ACCIDENT
    return Category.NONE


@dataclass(frozen=True)
class Assessment:
    """The computation shown on the survey form: per-capita income and suggested category."""

    per_capita: Decimal
    category: Category
    standard: Decimal

    @property
    def eligible(self) -> bool:
        return self.category is not Category.NONE


def assess(
    yearly_income: Decimal,
    rigid_expenses: Decimal,
    members: int,
    standard: Decimal,
    accident_losses: Decimal = Decimal(0),
) -> Assessment:
    """Per-capita income and the suggested category in one call."""
    pc = per_capita_monthly_income(yearly_income, rigid_expenses, members)
    category = categorize(
        pc, standard, yearly_income=yearly_income, accident_losses=accident_losses
    )
    return Assessment(pc, category, standard)


def review_due_on(archived_on: date, last_reviewed_on: date | None) -> date:
    """The date by which the next yearly review (年审) is due."""
    return (last_reviewed_on or archived_on) + timedelta(days=REVIEW_PERIOD_DAYS)


def review_overdue(archived_on: date, last_reviewed_on: date | None, as_of: date) -> bool:
    """True when more than a year has passed since archiving or the last review."""
    return review_due_on(archived_on, last_reviewed_on) < as_of
