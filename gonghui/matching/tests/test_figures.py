"""Indicators and findings of data comparison, computed from flags as of a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from gonghui.matching import findings, indicators
from gonghui.matching.models import FlagState
from gonghui.matching.tests import factories


def decide(flag: Any, state: str, on: date) -> None:
    flag.state = state
    flag.decided_on = on
    flag.save()


def test_open_flags_count_as_of_the_date_they_stood(tree: Any) -> None:
    early = factories.flag(tree.jianning_union, tree.jianning, raised_on=date(2018, 5, 8))
    factories.flag(tree.taining_union, tree.taining, raised_on=date(2018, 6, 20))
    decide(early, FlagState.CONFIRMED, date(2018, 6, 1))
    assert indicators.flags_open(tree.city, date(2018, 5, 31)) == 1
    assert indicators.flags_open(tree.city, date(2018, 6, 30)) == 1
    assert indicators.flags_open(tree.city, date(2018, 5, 1)) == 0
    assert indicators.flags_confirmed(tree.city, date(2018, 5, 31)) == 0
    assert indicators.flags_confirmed(tree.city, date(2018, 6, 30)) == 1


def test_figures_of_a_county_leave_out_its_sibling(tree: Any) -> None:
    factories.flag(tree.jianning_union, tree.jianning)
    factories.flag(tree.taining_union, tree.taining)
    factories.flag(tree.taining_union, tree.taining)
    assert indicators.flags_open(tree.jianning, date(2018, 6, 30)) == 1
    assert indicators.flags_open(tree.taining, date(2018, 6, 30)) == 2
    assert indicators.flags_open(tree.city, date(2018, 6, 30)) == 3


def test_a_county_with_flags_open_over_30_days_is_named(tree: Any) -> None:
    factories.flag(tree.jianning_union, tree.jianning, raised_on=date(2018, 5, 8))
    factories.flag(tree.jianning_union, tree.jianning, raised_on=date(2018, 5, 9))
    factories.flag(tree.taining_union, tree.taining, raised_on=date(2018, 6, 20))
    [finding] = findings.findings(tree.city, date(2018, 6, 30))
    assert finding.orgs == ["建宁县总工会"]
    assert "2条疑点超过30天" in finding.title
    # On 1 June the flags were not yet 30 days old.
    assert findings.findings(tree.city, date(2018, 6, 1)) == []


def test_a_dismissed_flag_is_not_overdue(tree: Any) -> None:
    flag = factories.flag(tree.jianning_union, tree.jianning, raised_on=date(2018, 5, 8))
    decide(flag, FlagState.DISMISSED, date(2018, 5, 20))
    assert findings.findings(tree.city, date(2018, 6, 30)) == []
    # Before the dismissal it was open; by 2018-06-30 it no longer is.
    assert indicators.flags_open(tree.city, date(2018, 5, 19)) == 1
