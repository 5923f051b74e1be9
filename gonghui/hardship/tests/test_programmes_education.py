"""金秋助学 end to end: apply from the household, approve/reject and pay, one or in bulk."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.conftest import client_for, staff_actor
from gonghui.core.models import AuditEntry
from gonghui.hardship import actions, programme_actions
from gonghui.hardship.actions import ActionError, ConflictError
from gonghui.hardship.models import EducationAidApplication, EducationAidRound, Person
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


def child_of(household, name: str = "王小明", relationship: str = "child") -> Person:
    person = Person(household=household, relationship=relationship, name=name)
    person.set_id_number(make_id(born=date(2000, 3, 1)))
    person.save()
    return person


def apply(child: Person, round_: EducationAidRound, user=None, **kw) -> EducationAidApplication:
    fields = {"school": "三明一中", "level": "senior", "applied_on": date(2018, 6, 10)} | kw
    return programme_actions.apply_education_aid(user or staff_actor(), round_, child, **fields)


def test_a_taining_officer_cannot_apply_for_a_jianning_child(tree, autumn, taining_officer) -> None:
    child = child_of(archived(tree.jianning_union))
    with pytest.raises(ActionError, match="建宁溪源机械"):
        apply(child, autumn, taining_officer)
    assert not EducationAidApplication.objects.exists()


def test_a_county_round_does_not_take_another_countys_household(tree, jianning_officer) -> None:
    taining_round = EducationAidRound.objects.create(
        org=tree.taining,
        year=2018,
        name="泰宁县2018年金秋助学",
        amounts={"senior": "800"},
        opens_on=date(2018, 6, 1),
        closes_on=date(2018, 9, 30),
    )
    child = child_of(archived(tree.jianning_union))
    with pytest.raises(ActionError) as refused:
        apply(child, taining_round, jianning_officer)
    assert "不能申报泰宁县2018年金秋助学" in refused.value.message_dict["round"][0]


def test_only_children_of_open_archives_inside_the_round_dates_apply(tree, autumn) -> None:
    household = archived(tree.jianning_union)
    head = household.members.get(relationship="self")
    with pytest.raises(ActionError) as refused:
        apply(head, autumn, applied_on=date(2018, 10, 8), level="postgraduate", school=" ")
    errors = refused.value.message_dict
    assert "不是户主的子女" in errors["child"][0]
    assert "2018-06-01至2018-09-30" in errors["applied_on"][0]
    assert "研究生" in errors["level"][0] and "高中、本科" in errors["level"][0]
    assert errors["school"] == ["请填写录取学校"]
    child = child_of(household)
    actions.lift_household(staff_actor(), household, date(2018, 5, 1))
    with pytest.raises(ActionError, match="已于2018-05-01出档"):
        apply(child, autumn)


def test_county_staff_apply_but_only_the_citys_staff_decide_a_city_round(
    tree, autumn, jianning_officer, city_officer
) -> None:
    application = apply(child_of(archived(tree.jianning_union)), autumn, jianning_officer)
    assert application.amount == Decimal(1000)
    with pytest.raises(ActionError, match="三明市总工会主办"):
        programme_actions.decide_education_aid(
            jianning_officer, application, True, date(2018, 7, 1)
        )
    programme_actions.decide_education_aid(city_officer, application, True, date(2018, 7, 1))
    with pytest.raises(ActionError, match="早于审批日期"):
        programme_actions.pay_education_aid(city_officer, application, date(2018, 6, 30))
    programme_actions.pay_education_aid(city_officer, application, date(2018, 8, 1))
    application.refresh_from_db()
    assert (application.status, application.paid_on) == ("paid", date(2018, 8, 1))
    actions_logged = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"hardship.education_aid_decided", "hardship.education_aid_paid"} <= actions_logged


def test_a_second_decision_on_a_stale_copy_is_refused_not_applied(
    tree, autumn, city_officer
) -> None:
    application = apply(child_of(archived(tree.jianning_union)), autumn)
    stale = EducationAidApplication.objects.get(pk=application.pk)
    programme_actions.decide_education_aid(city_officer, application, True, date(2018, 7, 1))
    with pytest.raises(ConflictError, match="已被其他人处理"):
        programme_actions.decide_education_aid(city_officer, stale, False, date(2018, 7, 2))
    assert EducationAidApplication.objects.get(pk=application.pk).status == "approved"


def test_bulk_approval_is_all_or_nothing_and_names_the_child(tree, autumn, city_officer) -> None:
    household = archived(tree.jianning_union)
    first = apply(child_of(household, "王一"), autumn)
    second = apply(child_of(household, "王二"), autumn, applied_on=date(2018, 7, 15))
    with pytest.raises(ActionError) as refused:
        programme_actions.decide_education_aids(
            city_officer, [first, second], True, date(2018, 7, 1)
        )
    assert refused.value.messages == ["王二（三明一中）：审批日期2018-07-01早于申请日期2018-07-15"]
    assert set(EducationAidApplication.objects.values_list("status", flat=True)) == {"applied"}
    programme_actions.decide_education_aids(city_officer, [first, second], True, date(2018, 7, 20))
    assert set(EducationAidApplication.objects.values_list("status", flat=True)) == {"approved"}


def test_bulk_pay_writes_nothing_when_one_fails_midway(tree, autumn, city_officer) -> None:
    """A conflict found while writing (after validation) rolls back the ones already written."""
    household = archived(tree.jianning_union)
    first = apply(child_of(household, "王一"), autumn)
    second = apply(child_of(household, "王二"), autumn)
    programme_actions.decide_education_aids(city_officer, [first, second], True, date(2018, 7, 1))
    stale = EducationAidApplication.objects.select_related("round__org").get(pk=second.pk)
    programme_actions.pay_education_aid(city_officer, second, date(2018, 8, 1))
    with pytest.raises(ConflictError, match="王二"):
        programme_actions.pay_education_aids(city_officer, [first, stale], date(2018, 8, 2))
    first.refresh_from_db()
    assert (first.status, first.paid_on) == ("approved", None)


def _post_act(client, act: str, selected=(), on: str = "2018-07-20"):
    return client.post(
        reverse("hardship:education_act"),
        {"act": act, "on": on, "selected": [str(pk) for pk in selected], "query": "year=2018"},
        follow=True,
    )


def test_the_page_approves_selected_and_says_which_child_failed(tree, autumn, city_officer) -> None:
    household = archived(tree.jianning_union)
    first = apply(child_of(household, "王一"), autumn)
    second = apply(child_of(household, "王二"), autumn)
    client = client_for(city_officer)
    programme_actions.decide_education_aid(city_officer, second, False, date(2018, 7, 1))
    body = _post_act(client, "approve:selected", [first.pk, second.pk]).content.decode()
    assert "所选2份申请均未办理" in body and "王二（三明一中）：状态为“未通过”" in body
    first.refresh_from_db()
    assert first.status == "applied"
    body = _post_act(client, "approve:selected", [first.pk]).content.decode()
    assert "已审批通过1份申请（王一）" in body
    body = _post_act(client, f"pay:{first.pk}", on="2018-08-01").content.decode()
    assert "已登记发放1份申请" in body
    first.refresh_from_db()
    assert first.paid_on == date(2018, 8, 1)


def test_the_page_offers_decisions_only_to_the_rounds_staff(
    tree, autumn, jianning_officer, city_officer
) -> None:
    apply(child_of(archived(tree.jianning_union)), autumn)
    url = reverse("hardship:education")
    assert 'data-testid="approve-selected"' not in client_for(jianning_officer).get(url).text
    assert 'data-testid="approve-selected"' in client_for(city_officer).get(url).text


def test_an_out_of_scope_selection_does_nothing(
    tree, autumn, taining_officer, jianning_officer
) -> None:
    jianning = apply(child_of(archived(tree.jianning_union)), autumn)
    body = _post_act(client_for(taining_officer), f"approve:{jianning.pk}").content.decode()
    assert "不在您的范围内" in body
    assert EducationAidApplication.objects.get(pk=jianning.pk).status == "applied"


def test_apply_from_the_household_page(tree, autumn, jianning_officer) -> None:
    household = archived(tree.jianning_union)
    child = child_of(household)
    client = client_for(jianning_officer)
    detail = client.get(reverse("hardship:household_detail", args=[household.pk])).text
    url = reverse("hardship:education_apply", args=[household.pk])
    assert url in detail
    page = client.get(url).text
    assert "高中 1000" in page and "本科 3000" in page
    form = {"round": autumn.pk, "child": child.pk, "level": "undergraduate"}
    refused = client.post(url, form | {"school": "三明学院", "applied_on": "2018-05-01"}).text
    assert "申请日期须在2018-06-01至2018-09-30之间" in refused
    assert not EducationAidApplication.objects.exists()
    response = client.post(url, form | {"school": "三明学院", "applied_on": "2018-06-12"})
    assert response.status_code == 302
    application = EducationAidApplication.objects.get()
    assert (application.amount, application.org) == (Decimal(3000), tree.jianning_union)


def test_the_pick_page_lists_only_the_users_open_archives(tree, jianning_officer, autumn) -> None:
    mine, theirs = archived(tree.jianning_union), archived(tree.taining_union)
    body = client_for(jianning_officer).get(reverse("hardship:education_pick")).text
    assert reverse("hardship:education_apply", args=[mine.pk]) in body
    assert reverse("hardship:education_apply", args=[theirs.pk]) not in body


def test_the_education_page_reads_a_bounded_number_of_queries(
    tree, autumn, city_officer, django_assert_max_num_queries
) -> None:
    household = archived(tree.jianning_union)
    apply(child_of(household, "王一"), autumn)
    client = client_for(city_officer)
    url = reverse("hardship:education")
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for n in range(6):
        apply(child_of(household, f"王{n}二"), autumn)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
