from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gonghui.conftest import staff_actor
from gonghui.core.models import AuditEntry
from gonghui.unions import actions
from gonghui.unions.models import Body


def test_a_first_election_opens_a_term_with_its_due_date(tree, chair) -> None:
    e = actions.record_election(tree.jianning_union, date(2015, 4, 1), 3, actor=chair)
    assert (e.kind, e.due_on, e.county) == ("first", date(2018, 4, 1), tree.jianning)
    assert AuditEntry.objects.filter(action="unions.election_recorded").count() == 1


def test_an_early_election_needs_the_approval_of_the_union_above(tree) -> None:
    actions.record_election(tree.jianning_union, date(2015, 4, 1), 5, actor=staff_actor())
    with pytest.raises(ValidationError, match="上一级工会批准"):
        actions.record_election(tree.jianning_union, date(2018, 4, 1), 5, actor=staff_actor())
    with pytest.raises(ValidationError, match="濉溪镇总工会"):
        actions.record_election(
            tree.jianning_union,
            date(2018, 4, 1),
            5,
            approved_by=tree.jianning,
            approved_on=date(2018, 3, 1),
            actor=staff_actor(),
        )
    e = actions.record_election(
        tree.jianning_union,
        date(2018, 4, 1),
        5,
        approved_by=tree.jianning_town,
        approved_on=date(2018, 3, 1),
        actor=staff_actor(),
    )
    assert e.kind == "early" and e.approved_by == tree.jianning_town


def test_an_on_time_election_needs_no_approval(tree) -> None:
    actions.record_election(tree.jianning_union, date(2013, 4, 1), 5, actor=staff_actor())
    assert (
        actions.record_election(tree.jianning_union, date(2018, 3, 1), 5, actor=staff_actor()).kind
        == "regular"
    )


def test_a_postponement_moves_the_due_date(tree) -> None:
    e = actions.record_election(tree.jianning_union, date(2013, 4, 1), 5, actor=staff_actor())
    actions.approve_extension(
        e,
        date(2018, 10, 1),
        approved_by=tree.jianning_town,
        approved_on=date(2018, 3, 1),
        actor=staff_actor(),
    )
    e.refresh_from_db()
    assert e.due_on == date(2018, 10, 1)
    with pytest.raises(ValidationError, match="晚于届满日期"):
        actions.approve_extension(
            e,
            date(2018, 1, 1),
            approved_by=tree.jianning_town,
            approved_on=date(2018, 3, 1),
            actor=staff_actor(),
        )


def test_a_body_cannot_have_more_front_line_members_than_members(tree) -> None:
    with pytest.raises(ValidationError, match="不能超过"):
        actions.record_body(
            tree.jianning, Body.COMMITTEE, date(2018, 1, 1), 10, 11, actor=staff_actor()
        )


def test_joint_meeting_steps_must_come_in_order(tree) -> None:
    actions.record_joint_meeting(
        tree.jianning, 2018, preparation_started_on=date(2018, 9, 5), actor=staff_actor()
    )
    with pytest.raises(ValidationError, match="依次"):
        actions.record_joint_meeting(
            tree.jianning, 2018, held_on=date(2018, 8, 1), actor=staff_actor()
        )
    m = actions.record_joint_meeting(
        tree.jianning, 2018, held_on=date(2018, 12, 1), actor=staff_actor()
    )
    assert (m.preparation_started_on, m.held_on) == (date(2018, 9, 5), date(2018, 12, 1))
