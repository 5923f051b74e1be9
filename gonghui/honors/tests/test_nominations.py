"""Nominations upward: county recommends → city reviews → city sends, with the quota checked."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core.models import AuditEntry
from gonghui.honors import actions
from gonghui.honors.models import Nomination, NominationStatus
from gonghui.honors.tests import factories

pytestmark = pytest.mark.django_db


def recommend(user: object, org: object, **extra: object) -> Nomination:
    fields = {"nominee": "李春梅", "year": 2018, "level_sought": "provincial", "front_line": True}
    return actions.recommend(user, org=org, **{**fields, **extra})  # type: ignore[arg-type]


def test_a_county_officer_recommends_a_worker_of_a_union_in_the_county(
    tree, jianning_officer
) -> None:
    nomination = recommend(jianning_officer, tree.jianning_union, on=date(2018, 3, 10))

    assert nomination.status == NominationStatus.RECOMMENDED
    assert nomination.recommended_by == tree.jianning
    assert AuditEntry.objects.filter(action="honors.nomination_recommended").count() == 1


def test_a_grassroots_chair_cannot_recommend(tree, chair) -> None:
    with pytest.raises(PermissionDenied):
        recommend(chair, tree.jianning_union)


def test_a_sibling_county_cannot_recommend_a_worker_outside_its_county(
    tree, taining_officer
) -> None:
    with pytest.raises(PermissionDenied):
        recommend(taining_officer, tree.jianning_union)
    response = client_for(taining_officer).post(
        reverse("honors:nominations"),
        {
            "nominee": "李春梅",
            "unit": "91350430MA2XN00017",
            "year": 2018,
            "level_sought": "provincial",
        },
    )
    assert "找不到基层工会" in response.content.decode()
    assert not Nomination.objects.exists()


def test_the_same_worker_is_not_recommended_twice_in_a_round(tree, jianning_officer) -> None:
    recommend(jianning_officer, tree.jianning_union)
    with pytest.raises(ValidationError, match="不能重复推荐"):
        recommend(jianning_officer, tree.jianning_union)


def test_only_the_city_reviews_and_a_return_needs_a_reason(
    tree, city_officer, jianning_officer
) -> None:
    nomination = factories.nomination(tree.jianning_union, status=NominationStatus.RECOMMENDED)
    with pytest.raises(PermissionDenied):
        actions.review(jianning_officer, nomination, "accept", version=1)
    with pytest.raises(ValidationError, match="退回须填写审核意见"):
        actions.review(city_officer, nomination, "return", version=1)

    accepted = actions.review(city_officer, nomination, "accept", version=1)
    assert accepted.status == NominationStatus.ACCEPTED
    assert accepted.version == 2
    with pytest.raises(ValidationError, match="不能审核通过"):
        actions.review(city_officer, accepted, "accept", version=2)


def test_a_second_review_of_the_same_version_gets_a_conflict(tree, city_officer) -> None:
    nomination = factories.nomination(tree.jianning_union, status=NominationStatus.RECOMMENDED)
    stale = Nomination.objects.get(pk=nomination.pk)
    actions.review(city_officer, nomination, "accept", version=1)

    with pytest.raises(ValidationError, match="已被他人处理"):
        actions.review(city_officer, stale, "return", version=1, note="材料不全")
    assert Nomination.objects.get(pk=nomination.pk).status == NominationStatus.ACCEPTED


def test_a_round_below_the_front_line_quota_is_refused_with_the_shortfall(
    tree, city_officer
) -> None:
    factories.nomination(tree.jianning_union, "甲", front_line=True)
    factories.nomination(tree.jianning_union, "乙", front_line=False)
    factories.nomination(tree.taining_union, "丙", front_line=False)

    with pytest.raises(ValidationError) as refused:
        actions.send_to_province(city_officer, 2018, "provincial")

    message = refused.value.messages[0]
    assert "一线职工1名" in message
    assert "33.3%" in message
    assert "低于规定的50%" in message
    assert "还差1名" in message
    assert not Nomination.objects.filter(status=NominationStatus.SENT).exists()


def test_the_send_page_shows_the_refusal(tree, city_officer) -> None:
    factories.nomination(tree.jianning_union, "乙", front_line=False)
    response = client_for(city_officer).post(
        reverse("honors:round_send", args=[2018, "provincial"]), follow=True
    )
    assert "还差1名" in response.content.decode()


def test_a_round_that_meets_the_quota_is_sent_and_then_closed(
    tree, city_officer, jianning_officer
) -> None:
    factories.nomination(tree.jianning_union, "甲", front_line=True)
    factories.nomination(tree.taining_union, "丙", front_line=False)
    factories.nomination(tree.taining_union, "丁", front_line=False, status="returned")

    assert actions.send_to_province(city_officer, 2018, "provincial", on=date(2018, 7, 5)) == 2

    sent = Nomination.objects.filter(status=NominationStatus.SENT)
    assert sorted(sent.values_list("nominee", flat=True)) == ["丙", "甲"]
    assert set(sent.values_list("sent_on", flat=True)) == {date(2018, 7, 5)}
    with pytest.raises(ValidationError, match="已报送"):
        actions.send_to_province(city_officer, 2018, "provincial")
    with pytest.raises(ValidationError, match="已报送"):
        recommend(jianning_officer, tree.jianning_union, nominee="新人")


def test_a_round_with_unreviewed_nominations_is_not_sent(tree, city_officer) -> None:
    factories.nomination(tree.jianning_union, "甲", front_line=True)
    factories.nomination(tree.jianning_union, "乙", status=NominationStatus.RECOMMENDED)
    with pytest.raises(ValidationError, match="还有1名推荐对象未审核"):
        actions.send_to_province(city_officer, 2018, "provincial")


def test_a_county_cannot_send_a_round(tree, jianning_officer) -> None:
    factories.nomination(tree.jianning_union, "甲", front_line=True)
    with pytest.raises(PermissionDenied):
        actions.send_to_province(jianning_officer, 2018, "provincial")


def test_the_round_page_shows_a_county_only_its_own_nominations(
    tree, jianning_officer, city_officer
) -> None:
    factories.nomination(tree.jianning_union, "建宁推荐人", front_line=True)
    factories.nomination(tree.taining_union, "泰宁推荐人", front_line=False)
    url = reverse("honors:round", args=[2018, "provincial"])

    county_page = client_for(jianning_officer).get(url).content.decode()
    city_page = client_for(city_officer).get(url).content.decode()

    assert "建宁推荐人" in county_page and "泰宁推荐人" not in county_page
    assert "100.0%" in county_page and "报送上级工会" not in county_page
    assert "泰宁推荐人" in city_page and "50.0%" in city_page and "报送上级工会" in city_page


def test_the_city_reviews_from_the_round_page(tree, city_officer) -> None:
    nomination = factories.nomination(tree.jianning_union, status=NominationStatus.RECOMMENDED)
    response = client_for(city_officer).post(
        reverse("honors:nomination_review", args=[nomination.pk]),
        {"decision": "return", "note": "事迹材料不全", "version": 1},
        follow=True,
    )
    assert "已退回" in response.content.decode()
    nomination.refresh_from_db()
    assert (nomination.status, nomination.review_note) == ("returned", "事迹材料不全")


def test_the_round_page_loads_with_a_bounded_number_of_queries(
    tree, city_officer, django_assert_max_num_queries
) -> None:
    for n in range(20):
        factories.nomination(
            tree.jianning_union if n % 2 else tree.taining_union, f"推荐{n}", front_line=n < 12
        )
    client = client_for(city_officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("honors:round", args=[2018, "provincial"]))
    assert "60.0%" in page.content.decode()
