from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.hardship.rules import (
    Category,
    assess,
    categorize,
    per_capita_monthly_income,
    review_overdue,
)

money = st.decimals(min_value=0, max_value=500_000, places=2, allow_nan=False)
standards = st.decimals(min_value=100, max_value=2000, places=2, allow_nan=False)


def test_per_capita_income_subtracts_rigid_expenses_and_divides_by_months_and_members() -> None:
    assert per_capita_monthly_income(Decimal(36000), Decimal(6000), 3) == Decimal("833.33")


def test_a_household_needs_at_least_one_member() -> None:
    with pytest.raises(ValueError):
        per_capita_monthly_income(Decimal(1000), Decimal(0), 0)


def test_categories_at_their_boundaries() -> None:
    standard = Decimal(600)
    assert categorize(Decimal("599.99"), standard) is Category.DEEP
    assert categorize(Decimal(600), standard) is Category.RELATIVE
    assert categorize(Decimal("1199.99"), standard) is Category.RELATIVE
    assert categorize(Decimal(1200), standard) is Category.NONE


def test_losses_above_80_percent_of_income_make_an_accident_household() -> None:
    standard = Decimal(600)
    kw = {"yearly_income": Decimal(60000)}
    assert categorize(Decimal(2000), standard, accident_losses=Decimal(48001), **kw) == "accident"
    assert categorize(Decimal(2000), standard, accident_losses=Decimal(48000), **kw) == "none"


@given(
    income=money,
    raise_by=money,
    expenses=money,
    members=st.integers(1, 10),
    standard=standards,
    losses=money,
)
def test_raising_income_never_makes_a_household_deeper(
    income: Decimal,
    raise_by: Decimal,
    expenses: Decimal,
    members: int,
    standard: Decimal,
    losses: Decimal,
) -> None:
    before = assess(income, expenses, members, standard, losses)
    after = assess(income + raise_by, expenses, members, standard, losses)
    assert after.category.depth <= before.category.depth


@given(pc=st.decimals(min_value=-10_000, max_value=10_000, places=2), standard=standards)
def test_category_follows_the_thresholds(pc: Decimal, standard: Decimal) -> None:
    category = categorize(pc, standard)
    if pc < standard:
        assert category is Category.DEEP
    elif pc < 2 * standard:
        assert category is Category.RELATIVE
    else:
        assert category is Category.NONE


@given(income=money, expenses=money, members=st.integers(1, 10))
def test_more_members_never_raise_per_capita_income_when_it_is_positive(
    income: Decimal, expenses: Decimal, members: int
) -> None:
    one = per_capita_monthly_income(income, expenses, members)
    more = per_capita_monthly_income(income, expenses, members + 1)
    assert more <= one if one >= 0 else more >= one


def test_a_review_is_overdue_a_year_after_archiving_or_the_last_review() -> None:
    assert not review_overdue(date(2017, 7, 1), None, date(2018, 6, 30))
    assert review_overdue(date(2017, 1, 1), None, date(2018, 6, 30))
    assert not review_overdue(date(2016, 1, 1), date(2018, 1, 5), date(2018, 6, 30))
