"""The front-line quota of a nomination round (一线职工比例), as a pure rule."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.honors.rules import front_line_minimum, quota

shares = st.fractions(min_value=0, max_value=1, max_denominator=100)


@st.composite
def rounds(draw: st.DrawFn) -> tuple[int, int, Fraction]:
    total = draw(st.integers(min_value=0, max_value=200))
    front = draw(st.integers(min_value=0, max_value=total))
    return total, front, draw(shares)


@given(rounds())
def test_a_round_meets_the_quota_exactly_when_its_share_is_at_least_the_minimum(
    case: tuple[int, int, Fraction],
) -> None:
    total, front, minimum = case
    figure = quota(total, front, minimum)
    if total:
        assert figure.met == (Fraction(front, total) >= minimum)


@given(rounds())
def test_replacing_the_shortfall_with_front_line_workers_meets_the_quota_and_one_less_does_not(
    case: tuple[int, int, Fraction],
) -> None:
    total, front, minimum = case
    figure = quota(total, front, minimum)
    assert quota(total, front + figure.shortfall, minimum).met
    if figure.shortfall:
        assert not quota(total, front + figure.shortfall - 1, minimum).met


def test_the_refusal_names_the_share_the_minimum_and_the_shortfall() -> None:
    figure = quota(22, 10, Fraction(1, 2))
    message = figure.refusal("2018年省级劳模推荐")
    assert figure.shortfall == 1
    assert "45.5%" in message
    assert "50%" in message
    assert "还差1名" in message
    assert quota(22, 11, Fraction(1, 2)).refusal("x") == ""


def test_an_impossible_count_is_refused() -> None:
    with pytest.raises(ValueError, match="一线职工人数"):
        quota(3, 4, Fraction(1, 2))


def test_the_minimum_comes_from_the_setting(settings) -> None:
    assert front_line_minimum("provincial") == Fraction(1, 2)
    settings.GONGHUI_HONORS_FRONT_LINE_SHARE = {"provincial": "0.6"}
    assert front_line_minimum("provincial") == Fraction(3, 5)
