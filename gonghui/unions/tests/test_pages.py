from datetime import date

from gonghui.conftest import client_for
from gonghui.orgs.models import Level, Org
from gonghui.unions.tests.helpers import election


def _fill(tree, counties: int, unions: int) -> None:
    for i in range(counties):
        county = Org.objects.create(
            name=f"测试{i}县总工会", short_name=f"测试{i}", level=Level.COUNTY, parent=tree.city
        )
        election(county, date(2013, 9, 1), kind="first")
        for j in range(unions):
            union = Org.objects.create(
                name=f"测试{i}-{j}工会", level=Level.GRASSROOTS, parent=county
            )
            election(union, date(2012 + j % 5, 3, 1), kind="first")
            if j % 2:
                election(union, date(2018, 2, 1))


def test_the_tracker_shows_each_county_in_scope(tree, city_officer, jianning_officer) -> None:
    election(tree.taining, date(2013, 3, 1), kind="first")
    body = client_for(city_officer).get("/unions/?as_of=2018-06-30").content.decode()
    assert 'data-county="泰宁"' in body and 'data-county="建宁"' in body
    own = client_for(jianning_officer).get("/unions/").content.decode()
    assert 'data-county="建宁"' in own and "泰宁" not in own


def test_the_tracker_does_not_grow_in_queries_with_data(
    tree, city_officer, django_assert_max_num_queries
) -> None:
    client = client_for(city_officer)
    _fill(tree, 1, 2)
    with django_assert_max_num_queries(14) as small:
        client.get("/unions/?as_of=2018-06-30")
    _fill(tree, 6, 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/unions/?as_of=2018-06-30")
    assert response.content.decode().count("data-county=") == 9


def test_the_overdue_list_does_not_grow_in_queries_with_data(
    tree, city_officer, django_assert_max_num_queries
) -> None:
    client = client_for(city_officer)
    _fill(tree, 1, 3)
    with django_assert_max_num_queries(14) as small:
        client.get("/unions/reelections/?state=overdue&as_of=2018-06-30")
    _fill(tree, 4, 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/unions/reelections/?state=overdue&as_of=2018-06-30")
    assert "测试3-" in response.content.decode()


def test_a_union_page_shows_its_terms_and_bodies(tree, chair) -> None:
    election(tree.jianning_union, date(2015, 4, 1), 3, kind="first")
    body = client_for(chair).get(f"/unions/{tree.jianning_union.pk}/?as_of=2018-06-30").content
    text = body.decode()
    assert "2018-04-01" in text or "2018年4月1日" in text
    assert "逾期未换届" in text


def test_the_joint_meetings_page_marks_the_ones_not_held(tree, city_officer) -> None:
    body = client_for(city_officer).get("/unions/joint-meetings/?year=2017&as_of=2018-06-30")
    assert body.content.decode().count('data-status="missed"') == 2
