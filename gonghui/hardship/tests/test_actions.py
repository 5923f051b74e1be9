from datetime import date
from decimal import Decimal

import pytest

from gonghui.conftest import staff_actor
from gonghui.core import idnumbers
from gonghui.core.crypto import decrypt
from gonghui.core.models import AuditEntry
from gonghui.hardship import actions
from gonghui.hardship.actions import ActionError, ConflictError
from gonghui.hardship.models import Household, Person, Review
from gonghui.hardship.tests.conftest import archived, make_id, survey

pytestmark = pytest.mark.usefixtures("standards")


def test_a_survey_computes_per_capita_income_and_suggests_the_category(tree) -> None:
    household = survey(tree.jianning_union, incomes=(900, 0), surveyed_on=date(2017, 3, 1))
    # (900 × 12) ÷ 12 ÷ 2 = 450, below the 2017 standard of 520: deep hardship.
    assert household.per_capita_income == Decimal("450.00")
    assert household.standard_amount == Decimal(520)
    assert household.category == "deep"
    assert household.county == tree.jianning
    head = household.members.get(relationship="self")
    assert head.birth_date == date(1975, 5, 20)
    assert head.sex == "M"
    assert head.id_number_masked.startswith("350430")


def test_a_category_other_than_the_suggested_one_needs_a_reason(tree) -> None:
    data = actions.SurveyInput(
        org=tree.jianning_union,
        surveyed_on=date(2017, 3, 1),
        members=[actions.MemberInput("李四", make_id(), "self", Decimal(1200))],
        category_override="relative",
    )
    with pytest.raises(ActionError, match="须填写理由"):
        actions.survey_household(staff_actor(), data)
    data.override_reason = "长期慢性病，实际支出高于申报"
    household = actions.survey_household(staff_actor(), data)
    assert (household.suggested_category, household.category) == ("none", "relative")


def test_a_survey_with_a_bad_checksum_or_negative_income_is_refused_with_every_reason(
    tree,
) -> None:
    good = make_id()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    data = actions.SurveyInput(
        org=tree.jianning_union,
        surveyed_on=date(2017, 3, 1),
        members=[
            actions.MemberInput("张三", bad, "self", Decimal(800)),
            actions.MemberInput("张小", make_id(), "child", Decimal(-5)),
        ],
    )
    with pytest.raises(ActionError) as info:
        actions.survey_household(staff_actor(), data)
    text = " ".join(info.value.messages)
    assert "校验位错误" in text and "不能为负数" in text
    assert not Household.objects.exists()


def test_a_county_officer_cannot_survey_into_a_sibling_county(tree, taining_officer) -> None:
    with pytest.raises(ActionError, match="无权"):
        survey(tree.jianning_union, user=taining_officer)


def test_taining_cannot_archive_a_person_already_archived_in_jianning(
    tree, taining_officer
) -> None:
    shared_id = make_id(region="350430")
    archived(tree.jianning_union, head_id=shared_id)
    other = survey(tree.taining_union, head_id=shared_id, user=taining_officer)
    with pytest.raises(ActionError) as info:
        actions.archive_household(taining_officer, other, date(2017, 5, 1))
    message = " ".join(info.value.messages)
    assert "建宁县总工会" in message
    assert idnumbers.mask(shared_id) in message
    assert shared_id not in message
    other.refresh_from_db()
    assert other.archived_on is None


def test_the_database_refuses_one_person_in_two_open_archives(tree) -> None:
    from django.db import IntegrityError, transaction

    shared_id = make_id()
    first = archived(tree.jianning_union, head_id=shared_id)
    second = survey(tree.taining_union, head_id=shared_id)
    person = second.members.get(relationship="self")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(archive_lock=person.id_number_index)
    assert first.is_open


def test_once_lifted_the_person_may_be_archived_elsewhere(tree) -> None:
    shared_id = make_id()
    first = archived(tree.jianning_union, head_id=shared_id)
    actions.lift_household(staff_actor(), first, date(2018, 1, 10))
    second = archived(tree.taining_union, date(2018, 2, 1), head_id=shared_id)
    assert second.is_open


def test_archive_review_lift_keeps_the_closed_file_and_audits_without_full_ids(tree) -> None:
    household = archived(tree.jianning_union, date(2017, 4, 1))
    members = {p.pk: Decimal(3000) for p in household.members.all()}
    review = actions.review_household(
        staff_actor(),
        household,
        actions.ReviewInput(
            reviewed_on=date(2018, 3, 20),
            member_incomes=members,
            decision="lift",
            category_override="",
        ),
    )
    household.refresh_from_db()
    assert review.decision == "lift"
    assert household.last_reviewed_on == date(2018, 3, 20)
    assert household.close_kind == "lifted" and household.closed_on == date(2018, 3, 20)
    assert Household.objects.filter(pk=household.pk).exists()
    assert not Person.objects.filter(household=household, archive_lock__isnull=False).exists()
    assert "hardship.household_lifted" in set(AuditEntry.objects.values_list("action", flat=True))
    details = " ".join(str(e.detail) for e in AuditEntry.objects.all())
    for person in household.members.all():
        assert decrypt(person.id_number_cipher) not in details
        assert person.id_number_masked  # masked forms may appear; full numbers never


def test_keeping_an_archive_whose_income_is_no_longer_eligible_is_refused(tree) -> None:
    household = archived(tree.jianning_union)
    with pytest.raises(ActionError, match="不符合建档条件"):
        actions.review_household(
            staff_actor(),
            household,
            actions.ReviewInput(
                reviewed_on=date(2018, 3, 1),
                member_incomes={p.pk: Decimal(5000) for p in household.members.all()},
            ),
        )
    assert not Review.objects.exists()


def test_the_second_of_two_concurrent_edits_gets_a_conflict(tree) -> None:
    household = archived(tree.jianning_union)
    # Two officers open the same household; each form carries the version it showed.
    mine = Household.objects.get(pk=household.pk)
    theirs = Household.objects.get(pk=household.pk)
    actions.lift_household(staff_actor(), mine, date(2018, 1, 2), expected_version=mine.version)
    with pytest.raises(ConflictError, match="已被其他人修改"):
        actions.remove_household(
            staff_actor(), theirs, date(2018, 1, 3), "moved", expected_version=theirs.version
        )
    household.refresh_from_db()
    assert household.close_kind == "lifted"


def test_removal_needs_a_reason(tree) -> None:
    household = archived(tree.jianning_union)
    with pytest.raises(ActionError, match="退档原因"):
        actions.remove_household(staff_actor(), household, date(2018, 1, 3), "")


def test_assistance_must_fall_within_the_archive(tree) -> None:
    household = archived(tree.jianning_union, date(2017, 4, 1))
    with pytest.raises(ActionError, match="早于建档日期"):
        actions.record_assistance(
            staff_actor(), household, kind="living", amount=Decimal(500), given_on=date(2017, 1, 1)
        )
    with pytest.raises(ActionError, match="须大于0"):
        actions.record_assistance(
            staff_actor(), household, kind="living", amount=Decimal(0), given_on=date(2017, 5, 1)
        )


def test_open_archive_persons_are_listed_with_household_and_county(tree) -> None:
    open_one = archived(tree.jianning_union, date(2017, 4, 1))
    closed = archived(tree.taining_union, date(2017, 4, 1))
    actions.lift_household(staff_actor(), closed, date(2018, 1, 1))
    persons = list(Person.objects.in_open_archives(date(2018, 6, 30)))
    assert {p.household_id for p in persons} == {open_one.pk}
    assert persons[0].household.county.name == "建宁县总工会"
    before = Person.objects.in_open_archives(date(2017, 12, 31))
    assert {p.household_id for p in before} == {open_one.pk, closed.pk}
