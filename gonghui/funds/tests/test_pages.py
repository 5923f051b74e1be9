from datetime import date

from gonghui.conftest import client_for
from gonghui.funds.tests.helpers import plan, receipt
from gonghui.orgs.models import Level, Org


def _fill(tree, counties: int, per_county: int) -> None:
    for i in range(counties):
        county = Org.objects.create(
            name=f"测试{i}县总工会", short_name=f"测试{i}", level=Level.COUNTY, parent=tree.city
        )
        plan(county, 2018, 1000)
        for m in range(1, per_county + 1):
            receipt(county, date(2018, (m % 6) + 1, 1), 10)
            receipt(county, date(2017, (m % 6) + 1, 1), 10)


def test_the_city_sees_every_county_with_its_status(tree, city_officer) -> None:
    plan(tree.jianning, 2018, 1200)
    receipt(tree.jianning_union, date(2018, 1, 1), 600)
    response = client_for(city_officer).get("/funds/?as_of=2018-06-30")
    body = response.content.decode()
    assert 'data-county="建宁" data-status="green"' in body
    assert 'data-county="泰宁" data-status="no_plan"' in body


def test_a_county_officer_sees_only_their_county(tree, jianning_officer) -> None:
    receipt(tree.taining, date(2018, 1, 1), 777)
    response = client_for(jianning_officer).get("/funds/")
    body = response.content.decode()
    assert "建宁县总工会" in body and "泰宁" not in body
    receipts = client_for(jianning_officer).get("/funds/receipts/").content.decode()
    assert "38,850" not in receipts  # 泰宁's payroll (777 × 50)


def test_the_dues_page_does_not_grow_in_queries_with_data(
    tree, city_officer, django_assert_max_num_queries
) -> None:
    client = client_for(city_officer)
    _fill(tree, 2, 2)
    with django_assert_max_num_queries(12) as small:
        client.get("/funds/?as_of=2018-06-30")
    _fill(tree, 10, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/funds/?as_of=2018-06-30")
    assert response.content.decode().count("data-county=") == 14


def test_the_receipts_list_does_not_grow_in_queries_with_data(
    tree, city_officer, django_assert_max_num_queries
) -> None:
    client = client_for(city_officer)
    _fill(tree, 1, 2)
    with django_assert_max_num_queries(12) as small:
        client.get("/funds/receipts/")
    _fill(tree, 5, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/funds/receipts/")
