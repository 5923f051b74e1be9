"""Facilities actions check the write rule themselves: 泰宁's officer cannot change 建宁's."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.facilities import actions
from gonghui.facilities.models import ConstructionProject, ServicePoint


def test_a_sibling_county_cannot_add_a_project_for_jianning(tree, taining_officer) -> None:
    with pytest.raises(PermissionDenied, match="建宁县总工会"):
        actions.add_project(actor=taining_officer, org=tree.jianning, kind="palace", name="文化宫")
    assert not ConstructionProject.objects.unscoped(reason="test: nothing written").exists()


def test_a_sibling_county_cannot_close_a_jianning_service_point(
    tree, jianning_officer, taining_officer
) -> None:
    point = actions.add_service_point(
        actor=jianning_officer,
        org=tree.jianning,
        kind="women_rest",
        name="濉溪女工憩园",
        place="濉溪镇",
        opened_on=date(2018, 1, 1),
    )
    with pytest.raises(PermissionDenied):
        actions.close_service_point(point, actor=taining_officer, closed_on=date(2018, 6, 1))
    point.refresh_from_db()
    assert point.closed_on is None
    assert ServicePoint.objects.for_user(taining_officer).count() == 0
