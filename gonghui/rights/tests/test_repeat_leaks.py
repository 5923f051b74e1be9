"""Petition repeats across the county wall: a county learns only that the petitioner has
petitioned elsewhere (no number, no county, no content); the city sees the linked petitions."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from gonghui.api.models import ApiToken
from gonghui.conftest import Tree, client_for
from gonghui.orgs.models import User
from gonghui.rights.models import Petition
from gonghui.rights.repeats import ELSEWHERE_NOTE
from gonghui.rights.tests import factories

TAINING_CONTENT = "泰宁金湖旅游有限公司拖欠导游工资"


@pytest.fixture
def taining_first(tree: Tree) -> Petition:
    """泰宁's petition; the same petitioner then goes to 建宁 about the same matter."""
    petition = factories.petition(
        tree.taining,
        id_number=factories.ID_A,
        employer_name="泰宁金湖旅游有限公司",
        received_on=date(2018, 2, 1),
    )
    Petition.objects.filter(pk=petition.pk).update(content=TAINING_CONTENT)
    return Petition.objects.get(pk=petition.pk)


def _register_in_jianning(client: Client, tree: Tree) -> tuple[Petition, str]:
    data = {
        "org": str(tree.jianning.pk),
        "channel": "visit",
        "received_on": "2018-03-01",
        "persons": "1",
        "employer_name": "建宁溪源机械有限公司",
        "employer_credit_code": "",
        "matter": "wages_owed",
        "content": "反映拖欠工资三个月",
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "5",
        "p-0-name": "张三",
        "p-0-phone": "13912345678",
        "p-0-id_number": factories.ID_A,
    }
    response = client.post(reverse("rights:petition_register"), data)
    assert response.status_code == 302, response.content.decode()
    message = " ".join(str(m) for m in get_messages(response.wsgi_request))
    return Petition.objects.get(county=tree.jianning), message


def _leaks(text: str, other: Petition) -> list[str]:
    names = [other.number, "泰宁", TAINING_CONTENT, other.org.name]
    return [n for n in names if n and n in text]


def test_the_repeat_is_still_linked_city_wide_so_the_city_counts_it_once(
    tree: Tree, jianning_officer: User, taining_first: Petition
) -> None:
    repeat, _message = _register_in_jianning(client_for(jianning_officer), tree)
    assert repeat.repeat_of_id == taining_first.pk


def test_the_success_message_names_no_sibling_petition(
    tree: Tree, jianning_officer: User, taining_first: Petition
) -> None:
    _repeat, message = _register_in_jianning(client_for(jianning_officer), tree)
    assert not _leaks(message, taining_first), message
    assert ELSEWHERE_NOTE in message


def test_the_history_note_and_the_detail_page_name_no_sibling_petition(
    tree: Tree, jianning_officer: User, taining_first: Petition
) -> None:
    client = client_for(jianning_officer)
    repeat, _message = _register_in_jianning(client, tree)
    page = client.get(reverse("rights:petition_detail", args=[repeat.pk])).content.decode()
    assert not _leaks(page, taining_first)
    assert reverse("rights:petition_detail", args=[taining_first.pk]) not in page
    assert ELSEWHERE_NOTE in page
    # The stored note does not carry the number either.
    assert taining_first.number not in str(repeat.events.values_list("note", flat=True))


def test_the_repeats_list_names_no_sibling_petition_and_vice_versa(
    tree: Tree, jianning_officer: User, taining_officer: User, taining_first: Petition
) -> None:
    repeat, _message = _register_in_jianning(client_for(jianning_officer), tree)
    page = (
        client_for(taining_officer)
        .get(reverse("rights:petition_detail", args=[taining_first.pk]))
        .content.decode()
    )
    assert repeat.number not in page
    assert "建宁" not in page
    assert reverse("rights:petition_detail", args=[repeat.pk]) not in page
    assert "另有1件在别处登记的重复件" in page


def test_the_city_sees_the_linked_petitions_across_counties(
    tree: Tree, city_officer: User, jianning_officer: User, taining_first: Petition
) -> None:
    repeat, _message = _register_in_jianning(client_for(jianning_officer), tree)
    client = client_for(city_officer)
    page = client.get(reverse("rights:petition_detail", args=[repeat.pk])).content.decode()
    assert taining_first.number in page
    assert reverse("rights:petition_detail", args=[taining_first.pk]) in page
    assert f"与{taining_first.number}为同一事项" in page  # the history names it to the city
    first_page = client.get(reverse("rights:petition_detail", args=[taining_first.pk]))
    assert repeat.number in first_page.content.decode()


def test_the_api_names_no_sibling_petition_to_a_county_but_does_to_the_city(
    tree: Tree, jianning_officer: User, city_officer: User, taining_first: Petition
) -> None:
    repeat, _message = _register_in_jianning(client_for(jianning_officer), tree)

    def read(user: User) -> dict[str, object]:
        token = ApiToken.issue(user, "测试")[1]
        url = f"/api/v1/rights/petitions/{repeat.pk}"
        return Client().get(url, headers={"Authorization": f"Bearer {token}"}).json()

    county = read(jianning_officer)
    assert county["repeat_of_id"] is None and county["repeat_elsewhere"] is True
    city = read(city_officer)
    assert city["repeat_of_id"] == taining_first.pk and city["repeat_elsewhere"] is False
