"""Hardship actions use the one write rule: no sibling county, and no acting as None."""

from __future__ import annotations

from datetime import date

import pytest

from gonghui.hardship import actions
from gonghui.hardship.actions import ActionError
from gonghui.hardship.tests.conftest import archived
from gonghui.orgs.scoping import may_change

pytestmark = pytest.mark.usefixtures("standards")


def test_may_act_on_none_is_false(tree) -> None:
    assert not may_change(None, tree.jianning_union)


def test_nobody_lifts_a_household_as_none(tree) -> None:
    household = archived(tree.jianning_union)
    with pytest.raises(ActionError):
        actions.lift_household(None, household, date(2018, 1, 5))
    household.refresh_from_db()
    assert household.closed_on is None


def test_a_sibling_county_cannot_lift_a_jianning_household(tree, taining_officer) -> None:
    household = archived(tree.jianning_union)
    with pytest.raises(ActionError, match="建宁溪源"):
        actions.lift_household(taining_officer, household, date(2018, 1, 5))
    household.refresh_from_db()
    assert household.closed_on is None
