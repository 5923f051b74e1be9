from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.funds import rules

payrolls = st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False)
days_2018 = st.dates(min_value=date(2018, 1, 1), max_value=date(2018, 12, 31))
curves = st.lists(st.floats(min_value=0, max_value=100), min_size=12, max_size=12).filter(
    lambda c: sum(c) > 0.001
)


@given(payrolls)
def test_dues_are_two_percent_of_the_payroll_to_the_cent(payroll: Decimal) -> None:
    assert abs(rules.dues_for(payroll) - payroll * Decimal("0.02")) <= Decimal("0.005")
    assert rules.amount_matches(payroll, rules.dues_for(payroll))


@given(payrolls)
def test_an_amount_off_by_more_than_the_tolerance_does_not_match(payroll: Decimal) -> None:
    due = rules.dues_for(payroll)
    off = max(Decimal("1.00"), due * Decimal("0.01")) + Decimal("0.02")
    assert not rules.amount_matches(payroll, due + off)


def test_a_small_rounding_difference_matches() -> None:
    assert rules.amount_matches(Decimal(100000), Decimal("2000.50"))
    assert not rules.amount_matches(Decimal(100000), Decimal(1900))


@given(days_2018, days_2018)
def test_the_straight_line_grows_with_the_date_and_stays_between_0_and_1(a: date, b: date) -> None:
    early, late = sorted((a, b))
    assert 0 <= rules.expected_share(2018, early) <= rules.expected_share(2018, late) <= 1


def test_the_straight_line_at_mid_year_is_the_elapsed_share_of_days() -> None:
    assert rules.expected_share(2018, date(2018, 6, 30)) == pytest.approx(181 / 365)
    assert rules.expected_share(2018, date(2017, 12, 31)) == 0
    assert rules.expected_share(2018, date(2018, 12, 31)) == 1


@given(curves, days_2018, days_2018)
def test_a_monthly_curve_grows_with_the_date_and_stays_between_0_and_1(
    curve: list[float], a: date, b: date
) -> None:
    early, late = sorted((a, b))
    first = rules.expected_share(2018, early, curve)
    assert 0 <= first <= rules.expected_share(2018, late, curve) + 1e-9 <= 1 + 1e-9


def test_a_monthly_curve_gives_the_weights_of_the_months_that_have_passed() -> None:
    curve = [2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 6]
    assert rules.expected_share(2018, date(2018, 3, 31), curve) == pytest.approx(6 / 20)
    assert rules.expected_share(2018, date(2018, 6, 30), curve) == pytest.approx(9 / 20)


def test_a_curve_needs_twelve_non_negative_weights() -> None:
    with pytest.raises(ValueError, match="12"):
        rules.normalize_curve([1, 2, 3])
    with pytest.raises(ValueError, match="负数"):
        rules.normalize_curve([-1] + [1] * 11)


@given(
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.decimals(min_value=1, max_value=10**9, places=2),
)
def test_growth_is_negative_exactly_when_less_came_in_than_last_year(
    current: Decimal, previous: Decimal
) -> None:
    value = rules.growth(current, previous)
    assert value is not None
    assert (value < 0) == (current < previous)


def test_growth_without_last_year_is_unknown() -> None:
    assert rules.growth(Decimal(5), Decimal(0)) is None


@pytest.mark.parametrize(
    ("actual", "expected", "colour"),
    [
        (None, 0.5, rules.Status.NO_PLAN),
        (1.0, 0.5, rules.Status.DONE),
        (0.5, 0.5, rules.Status.GREEN),
        (0.45, 0.5, rules.Status.AMBER),
        (0.40, 0.5, rules.Status.AMBER),
        (0.21, 0.496, rules.Status.RED),
    ],
)
def test_the_status_colour_follows_the_gap_to_the_time_line(
    actual: float | None, expected: float, colour: str
) -> None:
    assert rules.status(actual, expected) == colour


@given(st.dates(min_value=date(1951, 1, 1), max_value=date(2100, 12, 31)))
def test_a_month_counts_once_it_has_ended(day: date) -> None:
    cutoff = rules.counted_before(day)
    assert cutoff.day == 1
    assert cutoff <= day + timedelta(days=1)
    # The day's own month counts only on its last day.
    assert (cutoff > day) == ((day + timedelta(days=1)).day == 1)


def test_the_same_day_last_year_of_a_leap_day_is_28_february() -> None:
    assert rules.same_day_last_year(date(2020, 2, 29)) == date(2019, 2, 28)
