"""The city's supervision key figures assess the city's assignments once and keep each
county's count for the dashboard's comparison: what the comparison reads must be what the
county computes alone."""

from datetime import date

import pytest
from django.core.cache import cache

from gonghui.conftest import Tree
from gonghui.core import indicators
from gonghui.orgs.models import Level, Org, User
from gonghui.supervision import actions
from gonghui.supervision.models import InfoSubmission, InnovationProject, PlanKind, Task
from gonghui.supervision.tests.helpers import MID_YEAR, make_plan, make_task, submitted

FIGURES = (
    "supervision.reform_tasks_done",
    "supervision.assignments_behind",
    "supervision.innovation_projects",
    "supervision.submissions",  # computed alone: still equal
)


def _done(task: Task, officer: User) -> None:
    """The task's one unit reports 100% on 20 June, accepted on 22 June."""
    report = submitted(task.assignments.get(), officer, 2, 100, date(2018, 6, 20))
    actions.accept_report(report, officer, on=date(2018, 6, 22))


def _reform(org: Org):  # type: ignore[no-untyped-def]
    return make_plan(org, title=f"{org.name}2018年改革任务", kind=PlanKind.REFORM)


@pytest.fixture
def records(tree: Tree, jianning_officer: User, taining_officer: User) -> None:
    """The city's task of both counties (建宁 behind at 30%, 泰宁 at 60%); 建宁's plan: one
    task done, one not reported (behind); 泰宁's plan: one task done, one with two sub-tasks (one
    done, one not reported); information submissions and innovation projects in both counties
    and at the city federation itself, some outside the year to the date; 明溪 (a third
    county): nothing."""
    city = make_task(_reform(tree.city), "城市任务", units=(tree.jianning, tree.taining))
    submitted(city.assignments.get(org=tree.jianning), jianning_officer, 2, 30, date(2018, 6, 20))
    submitted(city.assignments.get(org=tree.taining), taining_officer, 2, 60, date(2018, 6, 20))
    jianning = _reform(tree.jianning)
    half_year = {"deadline": date(2018, 6, 30)}
    _done(make_task(jianning, "建宁一", units=(tree.jianning,), **half_year), jianning_officer)
    make_task(jianning, "建宁二", units=(tree.jianning,))
    taining = _reform(tree.taining)
    _done(make_task(taining, "泰宁一", units=(tree.taining,), **half_year), taining_officer)
    parent = make_task(taining, "泰宁二")
    _done(
        make_task(taining, "泰宁二甲", units=(tree.taining,), parent=parent, **half_year),
        taining_officer,
    )
    make_task(taining, "泰宁二乙", units=(tree.taining,), parent=parent)
    for org, day in (
        (tree.jianning_union, date(2018, 2, 1)),
        (tree.jianning_town, date(2018, 5, 1)),
        (tree.jianning_union, date(2018, 8, 1)),  # after the date
        (tree.taining_union, date(2018, 3, 1)),
        (tree.taining_union, date(2017, 12, 1)),  # last year
        (tree.city, date(2018, 4, 1)),
    ):
        InfoSubmission.objects.create(org=org, submitted_on=day, title="信息", channel="website")
    for org, year, day in (
        (tree.jianning, 2018, date(2018, 3, 1)),
        (tree.taining, 2018, date(2018, 7, 15)),  # after the date
        (tree.taining, 2017, date(2017, 3, 1)),  # last year's
        (tree.city, 2018, date(2018, 3, 1)),
    ):
        InnovationProject.objects.create(org=org, year=year, title="创新", entered_on=day)
    Org.objects.create(name="明溪县总工会", short_name="明溪", level=Level.COUNTY, parent=tree.city)


def _alone(name: str, org: Org) -> object:
    """The figure computed for the org with nothing cached."""
    cache.clear()
    return indicators.compute(name, Org.objects.get(pk=org.pk), MID_YEAR).value


def _counties(tree: Tree) -> list[Org]:
    return list(Org.objects.filter(parent=tree.city, level=Level.COUNTY).order_by("pk"))


def _kept(tree: Tree) -> dict[tuple[str, int], object]:
    cache.clear()
    for name in FIGURES:
        indicators.compute(name, tree.city, MID_YEAR)
    return {
        (n, c.pk): indicators.compute(n, c, MID_YEAR).value
        for n in FIGURES
        for c in _counties(tree)
    }


def test_each_countys_figure_kept_from_the_citys_pass_is_its_own(
    tree: Tree, records: None, django_assert_max_num_queries
) -> None:
    counties = _counties(tree)
    expected = {(n, c.pk): _alone(n, c) for n in FIGURES for c in counties}
    assert [expected[("supervision.reform_tasks_done", c.pk)] for c in counties] == [1, 1, 0]
    assert [expected[("supervision.assignments_behind", c.pk)] for c in counties] == [2, 1, 0]
    assert [expected[("supervision.submissions", c.pk)] for c in counties] == [2, 1, 0]
    assert [expected[("supervision.innovation_projects", c.pk)] for c in counties] == [1, 0, 0]
    cache.clear()
    for name in FIGURES:
        indicators.compute(name, tree.city, MID_YEAR)
    # Now served from what the city's pass kept: no assessment per county.
    with django_assert_max_num_queries(3 * len(FIGURES) * len(counties)):
        kept = {
            (n, c.pk): indicators.compute(n, c, MID_YEAR).value for n in FIGURES for c in counties
        }
    assert kept == expected


def test_the_city_total_equals_the_counties_summed_and_its_own(tree: Tree, records: None) -> None:
    counties = _counties(tree)
    own = {"supervision.submissions": 1, "supervision.innovation_projects": 1}
    for name in FIGURES:
        city = _alone(name, tree.city)
        assert city == sum(_alone(name, c) for c in counties) + own.get(name, 0), name
    assert _alone("supervision.assignments_behind", tree.city) == 3


def test_a_sub_task_in_another_countys_plan_leaves_both_counties_computed_alone(
    tree: Tree, records: None, jianning_officer: User, taining_officer: User
) -> None:
    # 泰宁's task with one sub-task of its own (done) and one in 建宁's plan (not reported):
    # alone, 泰宁 does not see 建宁's part and counts the task done; the city does not.
    parent = make_task(Task.objects.get(title="泰宁一").plan, "泰宁三")
    sub = {"parent": parent, "deadline": date(2018, 6, 30)}
    _done(make_task(parent.plan, "泰宁三甲", units=(tree.taining,), **sub), taining_officer)
    jianning_plan = Task.objects.get(title="建宁一").plan
    make_task(jianning_plan, "泰宁三乙", units=(tree.jianning,), **sub)
    counties = _counties(tree)
    expected = {(n, c.pk): _alone(n, c) for n in FIGURES for c in counties}
    assert expected[("supervision.reform_tasks_done", tree.taining.pk)] == 2
    assert _kept(tree) == expected


def test_a_county_that_absorbed_another_is_computed_with_its_predecessors_rows(
    tree: Tree, records: None
) -> None:
    # 泰宁 still has running assignments, which `merge_org` refuses (they must be handed over
    # first); what is tested here is the tree after a merge, so the merge is written as data.
    Org.objects.filter(pk=tree.taining.pk).update(
        successor=tree.jianning, succeeded_on=date(2018, 1, 1)
    )
    kept = _kept(tree)
    assert kept[("supervision.reform_tasks_done", tree.jianning.pk)] == 2
    assert kept[("supervision.assignments_behind", tree.jianning.pk)] == 3
    assert kept[("supervision.submissions", tree.jianning.pk)] == 3
    assert kept[("supervision.innovation_projects", tree.jianning.pk)] == 1


def test_a_new_record_is_counted_after_the_citys_pass(
    tree: Tree, records: None, taining_officer: User
) -> None:
    for name in FIGURES:
        indicators.compute(name, tree.city, MID_YEAR)
    _done(Task.objects.get(title="泰宁二乙"), taining_officer)
    InfoSubmission.objects.create(
        org=tree.taining_town, submitted_on=date(2018, 6, 1), title="新信息", channel="wechat"
    )
    InnovationProject.objects.create(
        org=tree.taining, year=2018, title="新项目", entered_on=date(2018, 6, 1)
    )
    taining = Org.objects.get(pk=tree.taining.pk)
    assert indicators.compute("supervision.reform_tasks_done", taining, MID_YEAR).value == 2
    assert indicators.compute("supervision.assignments_behind", taining, MID_YEAR).value == 0
    assert indicators.compute("supervision.submissions", taining, MID_YEAR).value == 2
    assert indicators.compute("supervision.innovation_projects", taining, MID_YEAR).value == 1
