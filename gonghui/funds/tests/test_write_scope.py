"""Funds actions check the write rule themselves: 泰宁's officer cannot set 建宁's dues plan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.funds import actions
from gonghui.funds.models import DuesPlan


def test_a_sibling_county_cannot_set_jianning_s_dues_plan(tree, taining_officer) -> None:
    with pytest.raises(PermissionDenied, match="建宁县总工会"):
        actions.set_plan(tree.jianning, 2018, Decimal(1000), actor=taining_officer)
    assert not DuesPlan.objects.unscoped(reason="test: nothing written").exists()


def test_a_plan_without_an_actor_is_refused(tree) -> None:
    with pytest.raises(PermissionDenied):
        actions.set_plan(tree.jianning, 2018, Decimal(1000))
    assert not DuesPlan.objects.unscoped(reason="test: nothing written").exists()


def test_the_city_sets_a_county_s_plan(tree, city_officer) -> None:
    actions.set_plan(tree.jianning, 2018, Decimal(1000), actor=city_officer)
    assert DuesPlan.objects.in_org(tree.jianning).get().amount == Decimal(1000)
