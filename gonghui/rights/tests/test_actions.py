"""The petition workflow and the other named writes, called as the views call them."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.conftest import Tree, staff_actor
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import User
from gonghui.rights import actions
from gonghui.rights.actions import CONFLICT_MESSAGE, ConflictError
from gonghui.rights.models import EventKind, LetterKind, Matter, Petition, State
from gonghui.rights.tests import factories


def test_a_petition_goes_from_registration_to_the_follow_up_call(
    tree: Tree, jianning_officer: User
) -> None:
    p = factories.petition(tree.jianning, received_on=date(2018, 3, 1))
    p = actions.accept(p, version=p.version, actor=jianning_officer, on=date(2018, 3, 5))
    p = actions.assign(
        p,
        version=p.version,
        actor=jianning_officer,
        on=date(2018, 3, 6),
        unit=tree.jianning_town,
        handler="王五",
    )
    p = actions.mark_handled(
        p, version=p.version, actor=jianning_officer, on=date(2018, 4, 1), note="约谈企业"
    )
    p = actions.answer(
        p, version=p.version, actor=jianning_officer, on=date(2018, 4, 3), text="已补发工资"
    )
    p = actions.close(p, version=p.version, actor=jianning_officer, on=date(2018, 4, 5))
    p = actions.follow_up(
        p, version=p.version, actor=jianning_officer, on=date(2018, 4, 10), satisfaction=5
    )
    stored = Petition.objects.get(pk=p.pk)
    assert stored.state == State.FOLLOWED_UP
    assert stored.satisfaction == 5
    assert stored.version == 7
    assert list(stored.events.values_list("kind", flat=True)) == [
        EventKind.REGISTERED,
        EventKind.ACCEPTED,
        EventKind.ASSIGNED,
        EventKind.HANDLED,
        EventKind.ANSWERED,
        EventKind.CLOSED,
        EventKind.FOLLOWED_UP,
    ]
    assert AuditEntry.objects.filter(action__startswith="rights.petition.").count() == 7


def test_a_stale_version_is_refused_with_the_conflict_message(tree: Tree) -> None:
    p = factories.petition(tree.jianning)
    first_view = Petition.objects.get(pk=p.pk)
    second_view = Petition.objects.get(pk=p.pk)
    actions.accept(first_view, version=first_view.version, actor=staff_actor(), on=date(2018, 3, 2))
    with pytest.raises(ConflictError) as refused:
        actions.decline(
            second_view,
            version=second_view.version,
            actor=staff_actor(),
            on=date(2018, 3, 2),
            reason="不属于受理范围",
            notice_on=date(2018, 3, 3),
        )
    assert refused.value.messages == [CONFLICT_MESSAGE]
    stored = Petition.objects.get(pk=p.pk)
    assert stored.state == State.ACCEPTED
    assert stored.declined_on is None


def test_a_row_changed_behind_the_objects_back_is_not_overwritten(tree: Tree) -> None:
    p = factories.petition(tree.jianning)
    # Another request accepted it between our read and our write.
    Petition.objects.filter(pk=p.pk).update(version=p.version + 1)
    with pytest.raises(ConflictError):
        actions.accept(p, version=p.version, actor=staff_actor(), on=date(2018, 3, 2))
    assert Petition.objects.get(pk=p.pk).accepted_on is None


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_edits_leave_exactly_one_winner(tree: Tree) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("in-memory SQLite is not shared between threads")
    p = factories.petition(tree.jianning)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(handler: str) -> None:
        mine = Petition.objects.get(pk=p.pk)
        barrier.wait()
        try:
            actions.accept(mine, version=mine.version, actor=staff_actor(), on=date(2018, 3, 2))
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert Petition.objects.get(pk=p.pk).version == 2


def test_an_extension_is_granted_once_with_a_reason_and_moves_the_deadline(tree: Tree) -> None:
    p = factories.petition(tree.jianning, received_on=date(2018, 3, 1))
    p = actions.accept(p, version=p.version, actor=staff_actor(), on=date(2018, 3, 1))
    assert p.answer_due_on == date(2018, 4, 30)
    with pytest.raises(ValidationError, match="须说明理由"):
        actions.extend(
            p, version=p.version, actor=staff_actor(), on=date(2018, 4, 1), days=10, reason=""
        )
    p = actions.extend(
        p, version=p.version, actor=staff_actor(), on=date(2018, 4, 1), days=30, reason="案情复杂"
    )
    assert Petition.objects.get(pk=p.pk).final_answer_due_on == date(2018, 5, 30)
    with pytest.raises(ValidationError, match="已经延期过一次"):
        actions.extend(
            p, version=p.version, actor=staff_actor(), on=date(2018, 4, 2), days=5, reason="再延"
        )


def test_declining_needs_a_reason(tree: Tree) -> None:
    p = factories.petition(tree.jianning)
    with pytest.raises(ValidationError, match="不予受理的理由"):
        actions.decline(
            p,
            version=p.version,
            actor=staff_actor(),
            on=date(2018, 3, 2),
            reason=" ",
            notice_on=date(2018, 3, 2),
        )


def test_a_step_out_of_order_is_refused_in_chinese(tree: Tree) -> None:
    p = factories.petition(tree.jianning)
    with pytest.raises(ValidationError, match="当前为“已登记”，不能答复"):
        actions.answer(p, version=p.version, actor=staff_actor(), on=date(2018, 3, 2), text="答复")


def test_escalation_hands_the_petition_to_the_union_above_and_keeps_the_history(
    tree: Tree,
) -> None:
    p = factories.petition(tree.jianning_town)
    assert p.county == tree.jianning
    p = actions.escalate(
        p, version=p.version, actor=staff_actor(), on=date(2018, 3, 2), note="涉及多个乡镇"
    )
    stored = Petition.objects.get(pk=p.pk)
    assert stored.org == tree.jianning
    event = stored.events.get(kind=EventKind.ESCALATED)
    assert (event.from_org, event.to_org) == (tree.jianning_town, tree.jianning)


def test_a_second_assignment_is_recorded_as_a_reassignment(tree: Tree) -> None:
    p = factories.petition(tree.jianning)
    p = actions.accept(p, version=p.version, actor=staff_actor(), on=date(2018, 3, 2))
    p = actions.assign(
        p,
        version=p.version,
        actor=staff_actor(),
        on=date(2018, 3, 2),
        unit=tree.jianning,
        handler="甲",
    )
    p = actions.assign(
        p,
        version=p.version,
        actor=staff_actor(),
        on=date(2018, 3, 3),
        unit=tree.jianning_town,
        handler="乙",
    )
    kinds = list(p.events.values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.ASSIGNED, EventKind.REASSIGNED]
    assert Petition.objects.get(pk=p.pk).handler == "乙"


def test_the_same_petitioner_within_the_window_is_linked_to_the_first_case(tree: Tree) -> None:
    first = factories.petition(
        tree.jianning, received_on=date(2018, 3, 1), id_number=factories.ID_A
    )
    again = factories.petition(
        tree.jianning,
        received_on=date(2018, 4, 1),
        id_number=factories.ID_A.lower(),  # the same number typed with a small x
        employer_name="另一家公司",
        matter=Matter.DISMISSAL,
    )
    third = factories.petition(
        tree.jianning, received_on=date(2018, 4, 20), id_number=factories.ID_A
    )
    assert again.repeat_of == first
    assert third.repeat_of == first  # linked to the first, never to a repeat
    assert Petition.objects.case_count(date(2018, 1, 1)) == 1


def test_the_same_employer_and_matter_within_ninety_days_is_linked(tree: Tree) -> None:
    first = factories.petition(tree.jianning, received_on=date(2018, 1, 1))
    within = factories.petition(tree.jianning, received_on=date(2018, 3, 31))
    other_matter = factories.petition(
        tree.jianning, received_on=date(2018, 2, 1), matter=Matter.WORK_INJURY
    )
    assert within.repeat_of == first
    assert other_matter.repeat_of is None


def test_the_same_employer_after_ninety_days_is_a_new_case(tree: Tree) -> None:
    factories.petition(tree.jianning, received_on=date(2018, 1, 1))
    later = factories.petition(tree.jianning, received_on=date(2018, 4, 2))
    assert later.repeat_of is None


def test_a_bad_credit_code_and_a_bad_id_number_are_named(tree: Tree) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.register_petition(
            actor=staff_actor(),
            org=tree.jianning,
            channel="visit",
            received_on=date(2018, 3, 1),
            persons=1,
            matter=Matter.WAGES_OWED,
            content="反映拖欠工资",
            petitioners=[actions.PetitionerData(name="张三", id_number="110105194912310021")],
            employer_name="某公司",
            employer_credit_code="91350430MA2XN00018",
        )
    errors = refused.value.message_dict
    assert "校验位错误" in errors["employer_credit_code"][0]
    assert "第1名信访人张三" in errors["petitioners"][0]


def test_an_employer_credit_code_of_the_tree_links_the_employers_union(tree: Tree) -> None:
    p = factories.petition(
        tree.jianning, employer_name="", employer_credit_code=" 91350430ma2xn00017 "
    )
    assert p.employer_org == tree.jianning_union
    assert p.employer_credit_code == factories.CREDIT_CODE


def test_id_numbers_are_stored_encrypted_and_masked(tree: Tree) -> None:
    p = factories.petition(tree.jianning, id_number=factories.ID_A)
    person = p.petitioners.get()
    assert person.id_number_masked == "110105********002X"
    assert factories.ID_A not in person.id_number_cipher


def test_five_petitioners_make_a_group_petition(tree: Tree) -> None:
    p = factories.petition(tree.jianning, persons=5)
    assert p.is_group


def test_the_letters_escalate_in_order_and_only_a_county_refers_to_the_procuratorate(
    tree: Tree,
) -> None:
    with pytest.raises(ValidationError, match="意见书应在提示函之后发出"):
        factories.letter(tree.jianning, kind=LetterKind.OPINION)
    first = factories.letter(tree.jianning)
    opinion = factories.letter(
        tree.jianning,
        kind=LetterKind.OPINION,
        follows=first,
        issued_on=date(2018, 3, 20),
        reply_due_on=date(2018, 4, 5),
    )
    with pytest.raises(ValidationError, match="应先发出建议书"):
        actions.refer_to_procuratorate(
            opinion, actor=staff_actor(), on=date(2018, 4, 10), note="拒不整改"
        )
    recommendation = factories.letter(
        tree.jianning,
        kind=LetterKind.RECOMMENDATION,
        follows=opinion,
        issued_on=date(2018, 4, 10),
        reply_due_on=date(2018, 4, 25),
    )
    actions.refer_to_procuratorate(
        recommendation, actor=staff_actor(), on=date(2018, 5, 1), note="拒不整改"
    )
    assert recommendation.referred_on == date(2018, 5, 1)

    town_first = factories.letter(tree.jianning_town)
    town_opinion = factories.letter(
        tree.jianning_town,
        kind=LetterKind.OPINION,
        follows=town_first,
        issued_on=date(2018, 3, 20),
        reply_due_on=date(2018, 4, 5),
    )
    town_rec = factories.letter(
        tree.jianning_town,
        kind=LetterKind.RECOMMENDATION,
        follows=town_opinion,
        issued_on=date(2018, 4, 10),
        reply_due_on=date(2018, 4, 25),
    )
    with pytest.raises(ValidationError, match="只有县级以上工会"):
        actions.refer_to_procuratorate(
            town_rec, actor=staff_actor(), on=date(2018, 5, 1), note="拒不整改"
        )


def test_a_committee_is_set_up_only_in_a_grassroots_union(tree: Tree) -> None:
    with pytest.raises(ValidationError, match="只能设在基层工会"):
        actions.set_up_committee(
            actor=staff_actor(),
            union=tree.jianning,
            set_up_on=date(2018, 1, 1),
            chair="甲",
            members_count=3,
        )
    actions.set_up_committee(
        actor=staff_actor(),
        union=tree.jianning_union,
        set_up_on=date(2018, 1, 1),
        chair="甲",
        members_count=3,
    )
    with pytest.raises(ValidationError, match="已有劳动法律监督委员会"):
        actions.set_up_committee(
            actor=staff_actor(),
            union=tree.jianning_union,
            set_up_on=date(2018, 2, 1),
            chair="乙",
            members_count=3,
        )


def test_a_lawyer_cannot_sit_two_shifts_at_once(tree: Tree) -> None:
    shift = factories.shift(tree.jianning)
    with pytest.raises(ValidationError, match="已有值班"):
        actions.schedule_shift(
            actor=staff_actor(),
            lawyer=shift.lawyer,
            centre=shift.centre,
            on=shift.on,
            starts_at=shift.starts_at.replace(hour=10),
            ends_at=shift.ends_at.replace(hour=13),
        )


def test_an_unknown_employer_placeholder_links_nothing(tree: Tree) -> None:
    factories.petition(tree.jianning, employer_name="（未填写）")
    other = factories.petition(
        tree.jianning, employer_name="（未填写）", received_on=date(2018, 3, 2)
    )
    assert other.repeat_of is None
