from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.unions import rules

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@given(days, st.sampled_from(rules.TERM_YEARS))
def test_a_term_ends_the_same_day_years_later(elected_on: date, years: int) -> None:
    end = rules.term_end(elected_on, years)
    assert end.year == elected_on.year + years
    assert end.month == elected_on.month
    assert end.day == elected_on.day or (elected_on.month, elected_on.day, end.day) == (2, 29, 28)


def test_terms_are_three_or_five_years() -> None:
    with pytest.raises(ValueError, match="3年或5年"):
        rules.term_end(date(2018, 1, 1), 4)


@given(days, days)
def test_an_election_is_early_on_time_or_late_against_the_due_date(due: date, held: date) -> None:
    kind = rules.election_kind(due, held)
    if held > due:
        assert kind == rules.Kind.LATE
    elif due - held > timedelta(days=rules.ON_TIME_WINDOW_DAYS):
        assert kind == rules.Kind.EARLY
    else:
        assert kind == rules.Kind.REGULAR
    assert rules.needs_approval(kind) == (kind != rules.Kind.REGULAR)


def test_a_first_election_needs_no_approval() -> None:
    assert rules.election_kind(None, date(2018, 1, 1)) == rules.Kind.FIRST
    assert not rules.needs_approval(rules.Kind.FIRST)


@given(days, days)
def test_a_term_is_overdue_once_its_end_has_passed_and_due_within_the_year(
    due: date, as_of: date
) -> None:
    state = rules.reelection_state(due, as_of)
    assert (state == rules.State.OVERDUE) == (due < as_of)
    if due >= as_of:
        assert (state == rules.State.DUE) == (due.year == as_of.year)


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_the_front_line_share_is_met_at_the_minimum(members: int, front: int) -> None:
    front = min(front, members)
    share = rules.front_line_share(members, front)
    if members == 0:
        assert share is None and not rules.meets_front_line(members, front, 0.0)
    else:
        assert 0 <= share <= 1
        assert rules.meets_front_line(members, front, share)


@given(days, st.integers(min_value=0, max_value=60))
def test_months_before_goes_back_whole_months(day: date, months: int) -> None:
    earlier = rules.months_before(day, months)
    assert (day.year * 12 + day.month) - (earlier.year * 12 + earlier.month) == months
    assert earlier.day <= day.day
