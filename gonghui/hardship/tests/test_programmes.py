from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.conftest import client_for, staff_actor
from gonghui.core import indicators
from gonghui.hardship import actions, programme_actions
from gonghui.hardship.actions import ActionError
from gonghui.hardship.models import EducationAidRound, MinimumLivingStandard, Person
from gonghui.hardship.tests.conftest import archived, make_id

pytestmark = pytest.mark.usefixtures("standards")


@pytest.fixture
def autumn(tree) -> EducationAidRound:
    return EducationAidRound.objects.create(
        org=tree.city,
        year=2018,
        name="2018年金秋助学",
        amounts={"senior": "1000", "undergraduate": "3000"},
        opens_on=date(2018, 6, 1),
        closes_on=date(2018, 9, 30),
    )


def child_of(household, id_number: str | None = None) -> Person:
    person = Person(household=household, relationship="child", name="王小明")
    person.set_id_number(id_number or make_id(born=date(2000, 3, 1)))
    person.save()
    return person


def test_a_child_is_funded_at_most_once_a_year(tree, autumn, taining_officer) -> None:
    child_id = make_id(born=date(2000, 3, 1))
    jianning_child = child_of(archived(tree.jianning_union), child_id)
    programme_actions.apply_education_aid(
        staff_actor(),
        autumn,
        jianning_child,
        school="三明学院",
        level="undergraduate",
        applied_on=date(2018, 7, 1),
    )
    # The same child (same ID number) listed again in 泰宁's household.
    taining_child = child_of(archived(tree.taining_union), child_id)
    with pytest.raises(ActionError, match="不能重复资助"):
        programme_actions.apply_education_aid(
            taining_officer,
            autumn,
            taining_child,
            school="三明学院",
            level="undergraduate",
            applied_on=date(2018, 7, 2),
        )


def test_approval_then_payment_counts_in_the_figures(tree, autumn) -> None:
    child = child_of(archived(tree.jianning_union))
    application = programme_actions.apply_education_aid(
        staff_actor(),
        autumn,
        child,
        school="三明一中",
        level="senior",
        applied_on=date(2018, 6, 10),
    )
    assert application.amount == Decimal(1000)
    with pytest.raises(ActionError, match="已审批"):
        programme_actions.pay_education_aid(staff_actor(), application, date(2018, 8, 1))
    programme_actions.decide_education_aid(staff_actor(), application, True, date(2018, 7, 20))
    programme_actions.pay_education_aid(staff_actor(), application, date(2018, 8, 25))
    paid = indicators.compute("hardship.education_aid_paid", tree.city, date(2018, 8, 31))
    before = indicators.compute("hardship.education_aid_paid", tree.city, date(2018, 8, 1))
    assert (paid.value, before.value) == (Decimal(1000), Decimal(0))


def test_a_rejected_application_does_not_block_a_new_one(tree, autumn) -> None:
    child = child_of(archived(tree.jianning_union))
    first = programme_actions.apply_education_aid(
        staff_actor(),
        autumn,
        child,
        school="三明一中",
        level="senior",
        applied_on=date(2018, 6, 10),
    )
    programme_actions.decide_education_aid(staff_actor(), first, False, date(2018, 6, 20))
    again = programme_actions.apply_education_aid(
        staff_actor(),
        autumn,
        child,
        school="三明一中",
        level="senior",
        applied_on=date(2018, 6, 25),
    )
    assert again.status == "applied"


def test_only_the_city_sets_the_minimum_living_standard(
    tree, city_officer, jianning_officer
) -> None:
    url = reverse("hardship:standards")
    form = {"county": tree.jianning.pk, "year": "2019", "amount": "600"}
    client_for(jianning_officer).post(url, form)
    assert not MinimumLivingStandard.objects.filter(year=2019).exists()
    response = client_for(city_officer).post(url, form, follow=True)
    assert "已保存" in response.content.decode()
    assert MinimumLivingStandard.objects.get(org=tree.jianning, year=2019).monthly_amount == 600


def test_a_survey_without_the_years_standard_says_so(tree) -> None:
    with pytest.raises(ActionError, match="尚未设置"):
        actions.survey_household(
            staff_actor(),
            actions.SurveyInput(
                org=tree.jianning_union,
                surveyed_on=date(2015, 3, 1),
                members=[actions.MemberInput("李四", make_id(), "self", Decimal(300))],
            ),
        )


def test_programme_pages_show_only_the_users_county(tree, jianning_officer, autumn) -> None:
    child = child_of(archived(tree.taining_union))
    programme_actions.apply_education_aid(
        staff_actor(),
        autumn,
        child,
        school="泰宁一中",
        level="senior",
        applied_on=date(2018, 6, 10),
    )
    body = client_for(jianning_officer).get(reverse("hardship:education")).content.decode()
    assert "泰宁一中" not in body
    for name in ("hardship:winter", "hardship:medical"):
        assert client_for(jianning_officer).get(reverse(name)).status_code == 200
