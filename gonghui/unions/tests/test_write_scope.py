"""Union actions check the write rule themselves: 泰宁's officer cannot record 建宁's elections."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.unions import actions
from gonghui.unions.models import BodyComposition, Election


def test_a_sibling_county_cannot_record_a_jianning_election(tree, taining_officer) -> None:
    with pytest.raises(PermissionDenied, match="建宁溪源"):
        actions.record_election(tree.jianning_union, date(2018, 4, 1), 5, actor=taining_officer)
    assert not Election.objects.unscoped(reason="test: nothing written").exists()


def test_a_sibling_county_cannot_record_jianning_s_committee(tree, taining_officer) -> None:
    with pytest.raises(PermissionDenied):
        actions.record_body(
            tree.jianning, "committee", date(2018, 1, 1), 10, 5, actor=taining_officer
        )
    assert not BodyComposition.objects.unscoped(reason="test: nothing written").exists()
