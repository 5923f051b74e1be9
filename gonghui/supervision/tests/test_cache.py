"""The overview and the league table are cached until a record changes, per scope and page."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.supervision.models import Assignment
from gonghui.supervision.progress import assess_assignments
from gonghui.supervision.tests.helpers import MID_YEAR, make_plan, make_task, submitted
from gonghui.supervision.views.plans import TASKS_PER_PAGE

pytestmark = pytest.mark.django_db

MID = {"as_of": "2018-06-30"}


@pytest.fixture
def task(tree):  # type: ignore[no-untyped-def]
    return make_task(
        make_plan(tree.city), "困难职工档案动态管理", units=(tree.jianning, tree.taining)
    )


def actual_of(response, org_id: int) -> float:  # type: ignore[no-untyped-def]
    (unit,) = [u for u in response.context["data"].rows if u.assignment.org_id == org_id]
    return unit.assessment.actual


def queries_of(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, MID).status_code == 200
    return len(ctx.captured_queries)


def test_a_new_report_changes_the_cached_overview(
    task, tree, city_officer, jianning_officer
) -> None:
    client = client_for(city_officer)
    url = reverse("supervision:overview")
    assert actual_of(client.get(url, MID), tree.jianning.pk) == 0.0
    assert actual_of(client.get(url, MID), tree.jianning.pk) == 0.0  # served from the cache
    submitted(task.assignments.get(org=tree.jianning), jianning_officer, 2, 40, date(2018, 6, 20))
    assert actual_of(client.get(url, MID), tree.jianning.pk) == pytest.approx(0.4)


def test_a_new_report_changes_the_cached_league(task, tree, city_officer, taining_officer) -> None:
    client = client_for(city_officer)
    url = reverse("supervision:league")

    def taining_gap() -> float | None:
        rows = client.get(url, MID).context["league"].rows
        return next(r.average_gap for r in rows if r.org.pk == tree.taining.pk)

    before = taining_gap()
    assert taining_gap() == before
    submitted(task.assignments.get(org=tree.taining), taining_officer, 2, 90, date(2018, 6, 20))
    assert taining_gap() == pytest.approx(before + 90, abs=0.11)


def test_the_second_request_is_served_from_the_cache(task, city_officer) -> None:
    client = client_for(city_officer)
    for name in ("supervision:overview", "supervision:league"):
        url = reverse(name)
        first = queries_of(client, url)
        assert queries_of(client, url) < first


def test_a_county_never_gets_the_citys_cached_page(
    task, tree, city_officer, jianning_officer
) -> None:
    url = reverse("supervision:overview")
    city = client_for(city_officer).get(url, MID)
    assert {u.assignment.org_id for u in city.context["data"].rows} == {
        tree.jianning.pk,
        tree.taining.pk,
    }
    county = client_for(jianning_officer).get(url, MID)
    assert {u.assignment.org_id for u in county.context["data"].rows} == {tree.jianning.pk}
    assert "泰宁" not in county.content.decode()
    league = client_for(jianning_officer).get(reverse("supervision:league"), MID)
    assert [r.org.pk for r in league.context["league"].rows] == [tree.jianning.pk]


def test_pages_show_their_own_tasks_and_the_summary_counts_the_whole_plan(
    tree, city_officer
) -> None:
    plan = make_plan(tree.city)
    for i in range(TASKS_PER_PAGE + 3):
        make_task(plan, f"任务{i + 1:02d}", units=(tree.jianning,), order=i)
    client = client_for(city_officer)
    url = reverse("supervision:overview")
    first = client.get(url, MID)
    second = client.get(url, {**MID, "page": "2"})
    assert first.context["data"].unit_count == second.context["data"].unit_count == 23
    titles = [r.task.title for _b, rows in second.context["grouped"] for r in rows]
    assert titles == ["任务21", "任务22", "任务23"]
    assert second.context["page"].number == 2 and second.context["page"].paginator.num_pages == 2
    assert "任务21" in second.content.decode() and "任务21" not in first.content.decode()
    beyond = client.get(url, {**MID, "page": "9"})  # past the end: the last page, as before
    assert beyond.context["page"].number == 2


def test_assessed_units_carry_their_task_plan_and_org_without_more_queries(
    task, tree, django_assert_num_queries
) -> None:
    units = assess_assignments(Assignment.objects.filter(task=task), MID_YEAR)
    with django_assert_num_queries(0):
        seen = {(u.assignment.task.plan.year, u.assignment.org.short_name) for u in units}
        assert {u.org_name for u in units} == {
            tree.jianning.display_name,
            tree.taining.display_name,
        }
    assert seen == {(2018, tree.jianning.short_name), (2018, tree.taining.short_name)}
    assert all(not u.assignment._state.adding for u in units)  # loaded rows, safe to save


def test_assessing_with_too_few_tasks_given_loads_the_missing_ones(task, tree) -> None:
    other = make_task(task.plan, "组建维权律师团", units=(tree.jianning,))
    assignments = Assignment.objects.filter(task__plan=task.plan)
    units = assess_assignments(assignments, MID_YEAR, tasks=[task])  # `other` is not given
    assert sorted(u.assignment.task.title for u in units) == sorted(
        [task.title, task.title, other.title]
    )
