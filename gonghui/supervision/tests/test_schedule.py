"""The schedule math (序时进度): examples from DOMAIN.md and properties that must always hold."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.supervision import schedule as s

YEAR_START, YEAR_END = date(2018, 1, 1), date(2018, 12, 31)
LINE = s.StraightLine(YEAR_START, YEAR_END)


def assess(actual: float | None, as_of: date, **kw: object) -> s.Assessment:
    plan = kw.pop("plan", LINE)
    return s.assess(plan, actual, as_of, start=YEAR_START, deadline=YEAR_END, **kw)  # type: ignore[arg-type]


# --- examples --------------------------------------------------------------------------------


def test_half_the_time_calls_for_half_the_work() -> None:
    assert LINE.expected(date(2018, 7, 2)) == pytest.approx(182 / 364)
    assert LINE.expected(date(2017, 12, 1)) == 0.0
    assert LINE.expected(date(2019, 3, 1)) == 1.0


def test_a_one_day_task_is_all_due_on_its_day() -> None:
    line = s.StraightLine(date(2018, 5, 1), date(2018, 5, 1))
    assert line.expected(date(2018, 4, 30)) == 0.0
    assert line.expected(date(2018, 5, 1)) == 1.0


def test_a_unit_at_the_time_line_is_green() -> None:
    result = assess(0.5, date(2018, 7, 2))
    assert result.status is s.Status.ON_TRACK
    assert result.colour is s.Colour.GREEN
    assert result.gap == pytest.approx(0.0, abs=0.1)


def test_a_unit_a_few_points_behind_is_lagging_and_amber() -> None:
    result = assess(0.45, date(2018, 7, 2))
    assert result.status is s.Status.LAGGING
    assert result.colour is s.Colour.AMBER
    assert result.gap == -5.0


def test_a_unit_more_than_ten_points_behind_is_behind_and_red() -> None:
    result = assess(0.20, date(2018, 7, 2))
    assert result.status is s.Status.BEHIND
    assert result.colour is s.Colour.RED
    assert result.gap == -30.0


def test_exactly_the_tolerance_behind_is_still_lagging() -> None:
    line = s.StraightLine(date(2018, 1, 1), date(2018, 1, 11))
    result = s.assess(
        line, 0.4, date(2018, 1, 6), start=date(2018, 1, 1), deadline=date(2018, 1, 11)
    )
    assert result.gap == -10.0
    assert result.status is s.Status.LAGGING


def test_the_tolerance_is_a_setting() -> None:
    assert assess(0.45, date(2018, 7, 2), tolerance=3).status is s.Status.BEHIND


def test_past_the_deadline_and_not_done_is_overdue_and_red() -> None:
    result = assess(0.9, date(2019, 1, 1))
    assert result.status is s.Status.OVERDUE
    assert result.colour is s.Colour.RED


def test_done_is_shown_as_done_whatever_the_date() -> None:
    for day in (date(2018, 3, 1), date(2019, 6, 1)):
        result = assess(1.0, day)
        assert result.status is s.Status.DONE
        assert result.colour is s.Colour.DONE


def test_complete_but_not_yet_confirmed_is_not_done() -> None:
    result = assess(1.0, date(2018, 7, 2), done=False)
    assert result.status is s.Status.ON_TRACK


def test_before_the_start_is_not_started() -> None:
    result = s.assess(
        s.StraightLine(date(2018, 9, 1), date(2018, 12, 31)),
        None,
        date(2018, 6, 30),
        start=date(2018, 9, 1),
        deadline=date(2018, 12, 31),
    )
    assert result.status is s.Status.NOT_STARTED
    assert result.colour is s.Colour.GREEN
    assert result.expected == 0.0


def test_due_within_seven_days_and_not_done_is_amber_even_on_schedule() -> None:
    result = assess(0.99, date(2018, 12, 26))
    assert result.status is s.Status.ON_TRACK
    assert result.due_soon
    assert result.colour is s.Colour.AMBER
    assert not assess(0.99, date(2018, 12, 20)).due_soon


def test_a_milestone_plan_expects_the_weight_due_so_far() -> None:
    plan = s.MilestonePlan(
        (
            s.PlannedMilestone(date(2018, 3, 31), 1),
            s.PlannedMilestone(date(2018, 6, 30), 1),
            s.PlannedMilestone(date(2018, 11, 30), 2),
        )
    )
    assert plan.expected(date(2018, 3, 30)) == 0.0
    assert plan.expected(date(2018, 6, 30)) == 0.5
    assert plan.expected(date(2018, 12, 1)) == 1.0


def test_progress_from_milestones_counts_those_done_by_the_date() -> None:
    steps = [s.DoneMilestone(1, date(2018, 2, 1)), s.DoneMilestone(3, date(2018, 8, 1))]
    assert s.progress_from_milestones(steps, date(2018, 6, 30)) == 0.25
    assert s.progress_from_milestones(steps, date(2018, 8, 1)) == 1.0
    assert s.progress_from_milestones([], date(2018, 8, 1)) is None


def test_a_monthly_curve_for_seasonal_dues() -> None:
    shares = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.85, 1.0)
    curve = s.MonthlyCurve(2018, shares, YEAR_START, YEAR_END)
    assert curve.expected(date(2018, 6, 30)) == pytest.approx(0.3)
    assert curve.expected(date(2018, 6, 15)) == pytest.approx(0.25)
    assert curve.expected(YEAR_END) == 1.0
    # 20% of the year's dues at mid-year is behind a 30% curve, though not by a straight line.
    result = assess(0.20, date(2018, 6, 30), plan=curve)
    assert result.status is s.Status.LAGGING
    assert result.gap == -10.0


def test_a_bad_curve_is_refused() -> None:
    with pytest.raises(s.CurveError):
        s.validate_curve([0.1] * 11)
    with pytest.raises(s.CurveError):
        s.validate_curve([0.5, 0.4] + [1.0] * 10)
    with pytest.raises(s.CurveError):
        s.validate_curve([1.5] * 12)


def test_the_latest_report_counts_and_future_ones_do_not() -> None:
    reports = [
        s.ProgressReport(date(2018, 3, 31), 0.2),
        s.ProgressReport(date(2018, 6, 28), 0.45),
        s.ProgressReport(date(2018, 9, 30), 0.8),
    ]
    assert s.progress_from_reports(reports, date(2018, 6, 30)) == 0.45
    assert s.progress_from_reports(reports, date(2018, 1, 1)) is None


def test_quantity_against_target() -> None:
    assert s.progress_from_quantity(60, 120) == 0.5
    assert s.progress_from_quantity(130, 120) == 1.0
    assert s.progress_from_quantity(5, 0) is None


def test_roll_up_weights_the_sub_tasks() -> None:
    assert s.roll_up([(1, 1.0), (3, 0.0)]) == 0.25
    assert s.roll_up([]) is None


def test_ranking_shares_places_on_equal_scores() -> None:
    ranked = s.rank({"建宁": -5.0, "泰宁": 3.0, "明溪": -5.0, "永安": -20.0})
    assert [(r.key, r.rank) for r in ranked] == [("泰宁", 1), ("建宁", 2), ("明溪", 2), ("永安", 4)]


def test_spread_between_units() -> None:
    result = s.spread([-30.0, -10.0, 0.0, 10.0])
    assert result.range == 40.0
    assert result.minimum == -30.0
    assert result.maximum == 10.0
    assert result.stdev == pytest.approx(14.8, abs=0.05)
    assert s.spread([]).count == 0


def test_reports_are_due_on_the_fifth_after_the_quarter() -> None:
    assert s.report_due(2018, 2) == date(2018, 7, 5)
    assert s.report_due(2018, 4) == date(2019, 1, 5)
    assert s.report_due(2018, 1, due_day=10) == date(2018, 4, 10)
    assert s.quarters_between(date(2018, 2, 1), date(2018, 7, 1)) == [
        (2018, 1),
        (2018, 2),
        (2018, 3),
    ]


def test_on_time_rate_counts_only_reports_due_so_far() -> None:
    due = [
        (date(2018, 4, 5), date(2018, 4, 3)),
        (date(2018, 4, 5), date(2018, 4, 9)),
        (date(2018, 4, 5), None),
        (date(2018, 7, 5), None),
    ]
    assert s.on_time_rate(due, date(2018, 6, 30)) == pytest.approx(1 / 3)
    assert s.on_time_rate(due, date(2018, 1, 1)) is None


# --- properties ------------------------------------------------------------------------------

days = st.dates(min_value=date(2016, 1, 1), max_value=date(2021, 12, 31))
fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@st.composite
def spans(draw: st.DrawFn) -> tuple[date, date]:
    start = draw(st.dates(min_value=date(2017, 1, 1), max_value=date(2019, 12, 31)))
    length = draw(st.integers(min_value=0, max_value=800))
    return start, start + timedelta(days=length)


@st.composite
def plans(draw: st.DrawFn) -> tuple[s.Plan, date, date]:
    start, deadline = draw(spans())
    kind = draw(st.sampled_from(["line", "milestones", "curve"]))
    if kind == "milestones":
        steps = draw(
            st.lists(
                st.tuples(
                    st.integers(min_value=0, max_value=max(0, (deadline - start).days)),
                    st.floats(min_value=0.0, max_value=10.0, allow_nan=False),
                ),
                min_size=1,
                max_size=6,
            )
        )
        plan: s.Plan = s.MilestonePlan(
            tuple(s.PlannedMilestone(start + timedelta(days=d), w) for d, w in steps)
        )
    elif kind == "curve":
        raw = sorted(draw(st.lists(fractions, min_size=12, max_size=12)))
        plan = s.MonthlyCurve(start.year, tuple(raw), start, deadline)
    else:
        plan = s.StraightLine(start, deadline)
    return plan, start, deadline


@given(plans(), days, days)
def test_expected_progress_is_monotone_in_time_and_between_0_and_1(
    planned: tuple[s.Plan, date, date], a: date, b: date
) -> None:
    plan = planned[0]
    early, late = min(a, b), max(a, b)
    assert 0.0 <= plan.expected(early) <= plan.expected(late) <= 1.0


@given(plans(), fractions, days, st.floats(min_value=0, max_value=50, allow_nan=False))
def test_a_done_task_is_never_behind(
    planned: tuple[s.Plan, date, date], actual: float, as_of: date, tolerance: float
) -> None:
    plan, start, deadline = planned
    result = s.assess(
        plan, actual, as_of, start=start, deadline=deadline, done=True, tolerance=tolerance
    )
    assert result.status is s.Status.DONE
    assert not s.is_behind(result.status)
    assert result.colour is s.Colour.DONE


reports_strategy = st.lists(
    st.builds(s.ProgressReport, on=days, progress=fractions), min_size=0, max_size=8
)


@given(plans(), reports_strategy, days, st.randoms(use_true_random=False))
@settings(max_examples=200)
def test_the_status_never_depends_on_the_order_of_reports(
    planned: tuple[s.Plan, date, date],
    reports: list[s.ProgressReport],
    as_of: date,
    rnd: random.Random,
) -> None:
    plan, start, deadline = planned
    shuffled = list(reports)
    rnd.shuffle(shuffled)
    results = [
        s.assess(
            plan,
            s.progress_from_reports(order, as_of),
            as_of,
            start=start,
            deadline=deadline,
        )
        for order in (reports, shuffled, list(reversed(reports)))
    ]
    assert results[0] == results[1] == results[2]


@given(plans(), fractions, days)
def test_the_colour_follows_the_status(
    planned: tuple[s.Plan, date, date], actual: float, as_of: date
) -> None:
    plan, start, deadline = planned
    result = s.assess(plan, actual, as_of, start=start, deadline=deadline)
    if result.status in (s.Status.OVERDUE, s.Status.BEHIND):
        assert result.colour is s.Colour.RED
    elif result.status is s.Status.LAGGING:
        assert result.colour is s.Colour.AMBER
    elif result.status is s.Status.ON_TRACK:
        assert result.colour is (s.Colour.AMBER if result.due_soon else s.Colour.GREEN)
    assert -100.0 <= result.gap <= 100.0


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.floats(-100, 100), max_size=12))
def test_spread_range_is_max_minus_min_and_ranks_are_ordered(scores: dict[str, float]) -> None:
    result = s.spread(scores.values())
    if scores:
        assert result.range == pytest.approx(
            round(max(scores.values()), 1) - round(min(scores.values()), 1), abs=0.11
        )
        assert result.stdev >= 0
    ranked = s.rank(scores)
    assert [r.rank for r in ranked] == sorted(r.rank for r in ranked)
