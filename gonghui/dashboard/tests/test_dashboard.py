import re
from datetime import date

import pytest
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.orgs.models import Headcount

pytestmark = pytest.mark.django_db


def _members_card(html: str) -> str:
    found = re.search(r'data-indicator="orgs.members".*?class="value">([^<]*)<', html, re.DOTALL)
    assert found, "no members figure on the page"
    return f">{found.group(1)}<"


def test_a_new_record_changes_the_cached_figure(tree, city_officer) -> None:
    client = client_for(city_officer)
    Headcount.objects.create(org=tree.jianning_union, reported_on=date(2018, 1, 1), members=120)
    url = f"{reverse('dashboard')}?as_of=2018-06-30"
    assert ">120<" in _members_card(client.get(url).content.decode())
    Headcount.objects.create(org=tree.taining_union, reported_on=date(2018, 3, 1), members=30)
    assert ">150<" in _members_card(client.get(url).content.decode())


def test_the_figure_is_as_of_the_chosen_date(tree, city_officer) -> None:
    Headcount.objects.create(org=tree.jianning_union, reported_on=date(2018, 9, 1), members=77)
    client = client_for(city_officer)
    assert ">0<" in _members_card(
        client.get(f"{reverse('dashboard')}?as_of=2018-06-30").content.decode()
    )
    assert ">77<" in _members_card(
        client.get(f"{reverse('dashboard')}?as_of=2018-12-31").content.decode()
    )


def test_the_city_compares_its_counties_and_a_county_sees_only_itself(
    tree, city_officer, jianning_officer
) -> None:
    city_page = client_for(city_officer).get(reverse("dashboard")).content.decode()
    assert "建宁" in city_page and "泰宁" in city_page
    county_page = client_for(jianning_officer).get(reverse("dashboard")).content.decode()
    assert "建宁" in county_page and "泰宁" not in county_page


def test_a_second_view_is_served_from_the_cache(
    tree, city_officer, django_assert_max_num_queries
) -> None:
    client = client_for(city_officer)
    client.get(reverse("dashboard"))
    with django_assert_max_num_queries(12):
        client.get(reverse("dashboard"))


def test_the_comparison_exports_to_xlsx(tree, city_officer) -> None:
    response = client_for(city_officer).get(reverse("dashboard_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_the_heatmap_colours_each_countys_standing_on_a_task(
    tree, city_officer, jianning_officer
) -> None:
    from gonghui.supervision.models import Assignment, Task, WorkPlan

    plan = WorkPlan.objects.create(org=tree.city, year=2018, title="2018年重点工作")
    task = Task.objects.create(
        plan=plan, title="县级工会换届", start=date(2018, 1, 1), deadline=date(2018, 11, 30)
    )
    Assignment.objects.create(task=task, org=tree.jianning)
    Assignment.objects.create(task=task, org=tree.taining)
    page = client_for(city_officer).get(f"{reverse('dashboard')}?as_of=2018-06-30").content.decode()
    assert 'data-testid="heatmap"' in page and "县级工会换届" in page
    assert page.count("heat-red") + page.count("heat-amber") + page.count("heat-green") >= 2
    county = (
        client_for(jianning_officer)
        .get(f"{reverse('dashboard')}?as_of=2018-06-30")
        .content.decode()
    )
    assert "泰宁" not in county
