"""Rights actions check the write rule themselves: 泰宁's officer cannot change 建宁's records."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.rights import actions
from gonghui.rights.models import Petition, PetitionEvent, SupervisionLetter
from gonghui.rights.tests import factories


def test_a_sibling_county_cannot_accept_a_jianning_petition(tree, taining_officer) -> None:
    petition = factories.petition(tree.jianning)
    events = PetitionEvent.objects.filter(petition=petition).count()
    with pytest.raises(PermissionDenied, match="建宁县总工会"):
        actions.accept(
            petition, version=petition.version, actor=taining_officer, on=date(2018, 3, 2)
        )
    petition.refresh_from_db()
    assert petition.state == "registered"
    assert PetitionEvent.objects.filter(petition=petition).count() == events


def test_a_sibling_county_cannot_register_a_petition_for_jianning(tree, taining_officer) -> None:
    with pytest.raises(PermissionDenied):
        actions.register_petition(
            actor=taining_officer,
            org=tree.jianning,
            channel="visit",
            received_on=date(2018, 3, 1),
            persons=1,
            matter="wages_owed",
            content="反映拖欠工资",
            petitioners=[actions.PetitionerData(name="张三", phone="13912345678")],
            employer_name="建宁某机械有限公司",
        )
    assert not Petition.objects.unscoped(reason="test: nothing written").exists()


def test_nobody_acts_as_none(tree) -> None:
    petition = factories.petition(tree.jianning)
    with pytest.raises(PermissionDenied):
        actions.close(petition, version=petition.version, actor=None, on=date(2018, 3, 2))


def test_a_sibling_county_cannot_reply_to_a_jianning_letter(tree, taining_officer) -> None:
    letter = factories.letter(tree.jianning)
    with pytest.raises(PermissionDenied):
        actions.record_reply(
            letter,
            actor=taining_officer,
            replied_on=date(2018, 3, 5),
            text="已整改",
            corrected=True,
        )
    letter.refresh_from_db()
    assert letter.replied_on is None
    assert SupervisionLetter.objects.in_org(tree.taining).count() == 0
