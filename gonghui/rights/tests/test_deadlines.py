"""The petition deadline rules (no database)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.rights import deadlines
from gonghui.rights.deadlines import ExtensionError, Step

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


def test_acceptance_is_due_fifteen_days_after_receipt() -> None:
    assert deadlines.acceptance_due(date(2018, 3, 1)) == date(2018, 3, 16)


def test_answer_is_due_sixty_days_after_acceptance() -> None:
    assert deadlines.answer_due(date(2018, 3, 1)) == date(2018, 4, 30)


def test_an_extension_moves_the_answer_deadline() -> None:
    assert deadlines.answer_due(date(2018, 3, 1), 30) == date(2018, 5, 30)


def test_a_late_answer_is_flagged_on_the_day_after_its_deadline() -> None:
    due = deadlines.answer_due(date(2018, 3, 1))
    assert not deadlines.is_overdue(due, None, due)
    assert deadlines.is_overdue(due, None, due + timedelta(days=1))


def test_a_step_done_after_the_as_of_date_is_not_done_yet_then() -> None:
    due = date(2018, 4, 30)
    assert deadlines.is_overdue(due, date(2018, 6, 1), date(2018, 5, 15))
    assert not deadlines.is_overdue(due, date(2018, 4, 20), date(2018, 5, 15))


def test_five_people_make_a_group_petition_four_do_not() -> None:
    assert deadlines.is_group(5)
    assert not deadlines.is_group(4)


@pytest.mark.parametrize(
    ("days_", "reason", "extended", "message"),
    [
        (31, "案情复杂", False, "不能超过30天"),
        (0, "案情复杂", False, "至少为1天"),
        (10, "  ", False, "须说明理由"),
        (10, "案情复杂", True, "已经延期过一次"),
    ],
)
def test_an_extension_is_refused_with_the_reason(
    days_: int, reason: str, extended: bool, message: str
) -> None:
    with pytest.raises(ExtensionError, match=message):
        deadlines.check_extension(days_, reason, already_extended=extended)


def test_an_extension_of_up_to_thirty_days_with_a_reason_is_granted() -> None:
    assert deadlines.check_extension(30, "需要劳动监察部门配合调查", already_extended=False) == 30


@given(received=days, as_of=days)
def test_a_decision_is_overdue_exactly_when_the_as_of_date_is_past_the_fifteenth_day(
    received: date, as_of: date
) -> None:
    due = deadlines.acceptance_due(received)
    assert deadlines.is_overdue(due, None, as_of) == ((as_of - received).days > 15)


@given(accepted=days, extension=st.integers(min_value=0, max_value=30), as_of=days)
def test_the_answer_deadline_is_never_more_than_ninety_days_after_acceptance(
    accepted: date, extension: int, as_of: date
) -> None:
    due = deadlines.answer_due(accepted, extension)
    assert accepted + timedelta(days=60) <= due <= accepted + timedelta(days=90)
    assert deadlines.days_left(due, as_of) < 0 or not deadlines.is_overdue(due, None, as_of)


@given(due=days, done=days, as_of=days)
def test_a_step_is_either_overdue_late_on_time_or_pending(
    due: date, done: date, as_of: date
) -> None:
    step = Step("答复", due, done, as_of)
    if done <= as_of:
        assert not step.overdue
        assert step.late == (done > due)
    else:
        assert not step.late
        assert step.overdue == (as_of > due)


@given(persons=st.integers(min_value=1, max_value=10_000))
def test_group_petitions_are_those_of_five_or_more(persons: int) -> None:
    assert deadlines.is_group(persons) == (persons >= 5)


@given(earlier=days, gap=st.integers(min_value=-200, max_value=200))
def test_repeats_fall_within_ninety_days_after_the_first(earlier: date, gap: int) -> None:
    later = earlier + timedelta(days=gap)
    assert deadlines.within_repeat_window(earlier, later) == (0 <= gap <= 90)
