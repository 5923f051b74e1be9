from datetime import date

import pytest

from gonghui.conftest import client_for
from gonghui.core import indicators
from gonghui.facilities import findings, queries
from gonghui.facilities.tests.helpers import point, project

MID_2018 = date(2018, 6, 30)


def value(name: str, org, as_of: date = MID_2018) -> float:
    return indicators.compute(name, org, as_of).value


@pytest.fixture
def projects(tree):
    """建宁's palace broke ground in April 2018; 泰宁's was planned in 2017 and nothing since;
    建宁's park has a sports centre in use since 2017."""
    project(
        tree.jianning,
        "palace",
        ("planned", date(2016, 3, 1)),
        ("land", date(2017, 4, 1)),
        ("ground", date(2018, 4, 28)),
    )
    project(tree.taining, "palace", ("planned", date(2017, 2, 14)))
    project(
        tree.jianning_town, "sports", ("planned", date(2015, 1, 1)), ("in_use", date(2017, 10, 1))
    )
    return tree


def test_palaces_started_and_in_use_are_counted_as_of_the_date(projects) -> None:
    assert value("facilities.palaces_started", projects.city) == 1
    assert value("facilities.palaces_started", projects.city, date(2018, 4, 1)) == 0
    assert value("facilities.palaces_in_use", projects.city) == 0


def test_a_project_with_no_stage_change_for_six_months_has_no_movement(projects) -> None:
    assert value("facilities.projects_no_movement", projects.city) == 1
    assert value("facilities.projects_no_movement", projects.jianning) == 0
    # In July 2017 泰宁's plan was only five months old.
    assert value("facilities.projects_no_movement", projects.taining, date(2017, 7, 13)) == 0
    assert value("facilities.projects_no_movement", projects.taining, date(2017, 8, 14)) == 1


def test_the_finding_names_the_county_with_no_movement(projects) -> None:
    (finding,) = findings.findings(projects.city, MID_2018)
    assert finding.kind == "facilities.no_movement"
    assert finding.orgs == ["泰宁县总工会"]
    assert "泰宁" in finding.title and "6个月" in finding.title
    assert findings.findings(projects.city, MID_2018, months=24) == []


def test_service_points_are_open_between_their_dates(tree) -> None:
    point(tree.jianning_union, "nursing", date(2016, 1, 1))
    point(tree.jianning_union, "cooling", date(2016, 1, 1), closed_on=date(2018, 1, 1))
    point(tree.taining_union, "women_rest", date(2018, 7, 1))
    assert value("facilities.service_points_open", tree.city) == 1
    assert value("facilities.service_points_open", tree.city, date(2017, 6, 30)) == 2
    assert value("facilities.service_points_open", tree.taining, date(2018, 7, 1)) == 1


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [(date(2018, 1, 20), date(2018, 6, 30), 5), (date(2018, 1, 31), date(2018, 6, 30), 4)],
)
def test_months_between_counts_whole_months(earlier: date, later: date, months: int) -> None:
    assert queries.months_between(earlier, later) == months


def test_the_projects_page_shows_the_stage_and_marks_no_movement(projects, city_officer) -> None:
    body = client_for(city_officer).get("/facilities/?as_of=2018-06-30").content.decode()
    assert body.count("data-project=") == 3
    assert body.count('data-stalled="1"') == 1
    assert "开工建设" in body


def test_a_county_officer_sees_only_their_projects_and_points(projects, jianning_officer) -> None:
    point(projects.taining_union, "nursing", date(2016, 1, 1))
    client = client_for(jianning_officer)
    assert "泰宁" not in client.get("/facilities/").content.decode()
    points = client.get("/facilities/service-points/").content.decode()
    assert "泰宁" not in points


def test_the_pages_do_not_grow_in_queries_with_data(
    tree, city_officer, django_assert_max_num_queries
) -> None:
    client = client_for(city_officer)
    project(tree.jianning, "palace", ("planned", date(2016, 3, 1)))
    point(tree.jianning_union, "nursing", date(2016, 1, 1))
    with django_assert_max_num_queries(24) as small:
        client.get("/facilities/")
        client.get("/facilities/service-points/")
    for i in range(8):
        project(
            tree.taining, "sports", ("planned", date(2016, 3, 1)), ("ground", date(2017, i + 1, 1))
        )
        point(tree.taining_union, "cooling", date(2016, 1, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/facilities/")
        client.get("/facilities/service-points/")
