"""The portal's staff side checks the write rule: 泰宁 cannot answer a request filed with 建宁."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.portal.actions import answer_request, file_request
from gonghui.portal.models import RequestKind, RequestStatus
from gonghui.portal.tests.test_handoff import ID


def test_a_sibling_county_cannot_answer_a_jianning_request(tree, taining_officer) -> None:
    filed = file_request(
        kind=RequestKind.HARDSHIP_AID,
        org=tree.jianning,
        name="李春梅",
        phone="13905981234",
        content="丈夫重病住院，家里只有我一人收入。",
        consent=True,
        id_number=ID,
    ).request
    with pytest.raises(PermissionDenied, match="建宁县总工会"):
        answer_request(
            filed,
            actor=taining_officer,
            answer="已转困难职工帮扶",
            status=RequestStatus.ANSWERED,
            version=filed.version,
        )
    filed.refresh_from_db()
    assert filed.answer == ""
    assert filed.answered_by is None
