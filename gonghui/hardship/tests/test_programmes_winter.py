"""冬送温暖 end to end: list targets of one's subtree, record each delivery once."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from gonghui.conftest import client_for, staff_actor
from gonghui.core.models import AuditEntry
from gonghui.hardship import actions, winter_actions
from gonghui.hardship.actions import ActionError, ConflictError
from gonghui.hardship.models import WinterCampaign, WinterDelivery
from gonghui.hardship.tests.conftest import archived, survey

pytestmark = pytest.mark.usefixtures("standards")


@pytest.fixture
def campaign(tree) -> WinterCampaign:
    return WinterCampaign.objects.create(
        org=tree.city,
        year=2018,
        name="2018年元旦春节冬送温暖",
        starts_on=date(2017, 12, 15),
        ends_on=date(2018, 2, 15),
    )


def deliver(target, user=None, **kw) -> WinterDelivery:
    fields = {"delivered_on": date(2018, 1, 20), "amount": Decimal(800), "goods": "米、油"} | kw
    return winter_actions.record_delivery(user or staff_actor(), target, **fields)


def test_a_household_is_listed_and_delivered_to_once(tree, campaign, jianning_officer) -> None:
    household = archived(tree.jianning_union)
    target = winter_actions.add_household_target(jianning_officer, campaign, household)
    assert (target.recipient_name, target.org, target.group) == (
        household.head_name,
        tree.jianning_union,
        "archived",
    )
    with pytest.raises(ActionError, match="同一户一次活动只慰问一次"):
        winter_actions.add_household_target(jianning_officer, campaign, household)
    deliver(target, jianning_officer)
    with pytest.raises(ActionError, match="已于2018-01-20送达"):
        deliver(target, jianning_officer, delivered_on=date(2018, 1, 25))
    target.refresh_from_db()
    assert (target.amount, target.delivered_on) == (Decimal(800), date(2018, 1, 20))
    logged = list(AuditEntry.objects.values_list("action", flat=True))
    assert logged.count("hardship.winter_target_added") == 1
    assert logged.count("hardship.winter_delivered") == 1


def test_the_database_refuses_a_second_row_for_the_same_household(tree, campaign) -> None:
    household = archived(tree.jianning_union)
    winter_actions.add_household_target(staff_actor(), campaign, household)
    with pytest.raises(IntegrityError):
        WinterDelivery.objects.create(
            campaign=campaign,
            org=household.org,
            household=household,
            group="archived",
            recipient_name="重复",
            amount=Decimal(0),
        )


def test_the_database_refuses_a_delivery_without_money(tree, campaign) -> None:
    with pytest.raises(IntegrityError):
        WinterDelivery.objects.create(
            campaign=campaign,
            org=tree.jianning,
            group="model_worker",
            recipient_name="张劳模",
            amount=Decimal(0),
            delivered_on=date(2018, 1, 20),
        )


def test_a_taining_officer_cannot_list_or_deliver_to_a_jianning_household(
    tree, campaign, taining_officer
) -> None:
    household = archived(tree.jianning_union)
    with pytest.raises(ActionError, match="您无权办理“建宁溪源机械有限公司工会委员会”"):
        winter_actions.add_household_target(taining_officer, campaign, household)
    target = winter_actions.add_household_target(staff_actor(), campaign, household)
    with pytest.raises(ActionError, match="您无权办理"):
        deliver(target, taining_officer)
    assert WinterDelivery.objects.get().delivered_on is None


def test_only_archives_open_during_the_campaign_are_listed(tree, campaign) -> None:
    not_archived = survey(tree.jianning_union)
    with pytest.raises(ActionError, match="未建档"):
        winter_actions.add_household_target(staff_actor(), campaign, not_archived)
    closed = archived(tree.jianning_union)
    actions.lift_household(staff_actor(), closed, date(2017, 11, 30))
    with pytest.raises(ActionError, match="已于2017-11-30出档"):
        winter_actions.add_household_target(staff_actor(), campaign, closed)


def test_a_delivery_needs_a_date_within_the_campaign_and_money(tree, campaign) -> None:
    target = winter_actions.add_household_target(
        staff_actor(), campaign, archived(tree.jianning_union)
    )
    with pytest.raises(ActionError) as refused:
        deliver(target, delivered_on=date(2018, 2, 16), amount=Decimal(0))
    assert refused.value.message_dict == {
        "delivered_on": ["送达日期须在活动期间（2017-12-15至2018-02-15）"],
        "amount": ["慰问金须大于0元"],
    }
    with pytest.raises(ActionError, match="活动期间"):
        deliver(target, delivered_on=date(2017, 12, 14))


def test_a_delivery_recorded_meanwhile_is_not_overwritten(tree, campaign) -> None:
    target = winter_actions.add_household_target(
        staff_actor(), campaign, archived(tree.jianning_union)
    )
    stale = WinterDelivery.objects.get(pk=target.pk)
    deliver(target)
    with pytest.raises(ConflictError):
        deliver(stale, amount=Decimal(500))
    assert WinterDelivery.objects.get(pk=target.pk).amount == Decimal(800)


def test_named_targets_need_a_group_a_name_and_an_org_in_scope(
    tree, campaign, jianning_officer
) -> None:
    target = winter_actions.add_named_target(
        jianning_officer, campaign, group="model_worker", recipient_name="张劳模", org=tree.jianning
    )
    assert target.household is None
    with pytest.raises(ActionError, match="已在2018年元旦春节冬送温暖的慰问名单中"):
        winter_actions.add_named_target(
            jianning_officer,
            campaign,
            group="model_worker",
            recipient_name="张劳模",
            org=tree.jianning,
        )
    with pytest.raises(ActionError, match="您无权办理“泰宁县总工会”"):
        winter_actions.add_named_target(
            jianning_officer, campaign, group="migrant", recipient_name="李四", org=tree.taining
        )
    with pytest.raises(ActionError) as refused:
        winter_actions.add_named_target(
            jianning_officer, campaign, group="archived", recipient_name=" ", org=tree.jianning
        )
    assert set(refused.value.message_dict) == {"group", "recipient_name"}


def test_the_campaign_page_lists_and_delivers(tree, campaign, jianning_officer) -> None:
    mine = archived(tree.jianning_union)
    theirs = archived(tree.taining_union)
    winter_actions.add_household_target(staff_actor(), campaign, theirs)
    client = client_for(jianning_officer)
    page = reverse("hardship:winter_campaign", args=[campaign.pk])
    body = client.get(page).text
    assert f'name="household" value="{mine.pk}"' in body
    assert f'value="{theirs.pk}"' not in body
    add = reverse("hardship:winter_add", args=[campaign.pk])
    client.post(add, {"household": mine.pk})
    client.post(add, {"group": "front_line", "recipient_name": "陈一线", "org_ref": ""})
    body = client.post(add, {"group": "migrant", "recipient_name": "刘", "org_ref": "泰宁"}).text
    targets = WinterDelivery.objects.filter(org__path__startswith=tree.jianning.path)
    assert sorted(targets.values_list("recipient_name", flat=True)) == ["王建国", "陈一线"]
    assert not WinterDelivery.objects.filter(recipient_name="刘").exists()
    target = targets.get(household=mine)
    url = reverse("hardship:winter_deliver", args=[target.pk])
    refused = client.post(url, {"delivered_on": "2018-03-01", "amount": "500", "goods": ""}).text
    assert "送达日期须在活动期间" in refused
    client.post(url, {"delivered_on": "2018-01-10", "amount": "500", "goods": "棉被"})
    target.refresh_from_db()
    assert (target.delivered_on, target.amount, target.goods) == (
        date(2018, 1, 10),
        Decimal(500),
        "棉被",
    )
    their_target = WinterDelivery.objects.get(household=theirs)
    assert client.get(reverse("hardship:winter_deliver", args=[their_target.pk])).status_code == 404


def test_an_unknown_org_is_named_in_the_refusal(tree, campaign, jianning_officer) -> None:
    add = reverse("hardship:winter_add", args=[campaign.pk])
    form = {"group": "migrant", "recipient_name": "刘", "org_ref": "泰宁"}
    body = client_for(jianning_officer).post(add, form, follow=True).text
    assert "在您的范围内找不到工会“泰宁”" in body


def test_the_campaign_page_reads_a_bounded_number_of_queries(
    tree, campaign, city_officer, django_assert_max_num_queries
) -> None:
    winter_actions.add_household_target(staff_actor(), campaign, archived(tree.jianning_union))
    client = client_for(city_officer)
    url = reverse("hardship:winter_campaign", args=[campaign.pk])
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for _ in range(4):
        deliver(
            winter_actions.add_household_target(
                staff_actor(), campaign, archived(tree.taining_union)
            )
        )
        archived(tree.jianning_union)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_taining_officer_posting_a_jianning_household_gets_a_404(
    tree, campaign, taining_officer
) -> None:
    household = archived(tree.jianning_union)
    add = reverse("hardship:winter_add", args=[campaign.pk])
    response = client_for(taining_officer).post(add, {"household": household.pk})
    assert response.status_code == 404
    assert not WinterDelivery.objects.exists()
