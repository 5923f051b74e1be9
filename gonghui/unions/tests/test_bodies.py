"""Recording a body's make-up through the union page, and the front-line check that follows."""

import pytest
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.unions.models import BodyComposition

pytestmark = pytest.mark.django_db


def test_a_chair_records_the_committee_and_the_page_checks_the_front_line_share(
    tree, chair
) -> None:
    client = client_for(chair)
    url = reverse("unions:record_body", args=[tree.jianning_union.pk])
    data = {"body": "committee", "reported_on": "2018-05-01", "members": "9", "front_line": "1"}
    assert client.post(url, data).status_code == 302
    row = BodyComposition.objects.get()
    assert (row.members, row.front_line) == (9, 1)
    page = client.get(
        reverse("unions:union_detail", args=[tree.jianning_union.pk]) + "?as_of=2018-06-30"
    )
    assert "未达到" in page.content.decode()


def test_more_front_line_members_than_members_is_refused(tree, chair) -> None:
    client = client_for(chair)
    url = reverse("unions:record_body", args=[tree.jianning_union.pk])
    data = {"body": "committee", "reported_on": "2018-05-01", "members": "5", "front_line": "6"}
    page = client.post(url, data, follow=True)
    assert "一线职工人数不能超过总人数" in page.content.decode()
    assert not BodyComposition.objects.exists()


def test_the_union_page_shows_both_committees_as_of_the_date(tree, chair) -> None:
    from gonghui.unions.models import WomenCommittee

    client = client_for(chair)
    union_url = reverse("unions:union_detail", args=[tree.jianning_union.pk])
    before = client.get(union_url + "?as_of=2018-06-30").content.decode()
    assert before.count("未建立") == 2
    client.post(
        reverse("unions:record_women_committee", args=[tree.jianning_union.pk]),
        {"set_up_on": "2018-03-08", "chair": "王丽"},
    )
    assert WomenCommittee.objects.get().chair == "王丽"
    after = client.get(union_url + "?as_of=2018-06-30").content.decode()
    assert "主任 王丽" in after and after.count("未建立") == 1
    assert client.get(union_url + "?as_of=2018-01-01").content.decode().count("未建立") == 2
