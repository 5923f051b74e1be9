"""The city's org-tree key figures are computed once, grouped by county, and each county's
kept for the dashboard's comparison: what the comparison reads must be what the county
computes alone."""

from datetime import date

import pytest
from django.core.cache import cache

from gonghui.conftest import Tree
from gonghui.core import indicators
from gonghui.orgs.actions import merge_org
from gonghui.orgs.models import Headcount, Level, Org

MID_YEAR = date(2018, 6, 30)
FIGURES = ("orgs.grassroots_units", "orgs.members", "orgs.front_line_members")


def _union(parent: Org, name: str, **extra: object) -> Org:
    return Org.objects.create(name=name, level=Level.GRASSROOTS, parent=parent, **extra)


@pytest.fixture
def records(tree: Tree) -> None:
    """建宁: its union (two headcounts, the later one counts) and one dissolved; 泰宁: its union
    and one set up after the date; 明溪 (a third county): nothing; a union right under the
    city federation."""
    Headcount.objects.create(org=tree.jianning_union, reported_on=date(2017, 1, 1), members=90)
    Headcount.objects.create(
        org=tree.jianning_union, reported_on=date(2018, 1, 1), members=120, front_line=80
    )
    Headcount.objects.create(
        org=tree.jianning_union, reported_on=date(2018, 9, 1), members=999
    )  # after the date
    gone = _union(tree.jianning_town, "建宁某厂工会", dissolved_on=date(2018, 3, 1))
    Headcount.objects.create(org=gone, reported_on=date(2017, 6, 1), members=15)
    Headcount.objects.create(
        org=tree.taining_union, reported_on=date(2018, 3, 1), members=30, front_line=10
    )
    _union(tree.taining_town, "泰宁新厂工会", established_on=date(2018, 8, 1))
    direct = _union(tree.city, "三明某集团工会")
    Headcount.objects.create(org=direct, reported_on=date(2018, 2, 1), members=500)
    Org.objects.create(name="明溪县总工会", short_name="明溪", level=Level.COUNTY, parent=tree.city)


def _alone(name: str, org: Org) -> object:
    """The figure computed for the org with nothing cached."""
    cache.clear()
    return indicators.compute(name, Org.objects.get(pk=org.pk), MID_YEAR).value


def _counties(tree: Tree) -> list[Org]:
    return list(Org.objects.filter(parent=tree.city, level=Level.COUNTY).order_by("pk"))


def test_each_countys_figure_kept_from_the_citys_pass_is_its_own(
    tree: Tree, records: None, django_assert_max_num_queries
) -> None:
    counties = _counties(tree)
    expected = {(n, c.pk): _alone(n, c) for n in FIGURES for c in counties}
    assert [expected[("orgs.members", c.pk)] for c in counties] == [120, 30, 0]
    assert [expected[("orgs.grassroots_units", c.pk)] for c in counties] == [1, 1, 0]
    assert expected[("orgs.front_line_members", tree.jianning.pk)] == 80
    cache.clear()
    city = {n: indicators.compute(n, tree.city, MID_YEAR).value for n in FIGURES}
    # Now served from what the city's queries kept: a data-version read, no count.
    with django_assert_max_num_queries(2 * len(FIGURES) * len(counties)):
        kept = {
            (n, c.pk): indicators.compute(n, c, MID_YEAR).value for n in FIGURES for c in counties
        }
    assert kept == expected
    assert city == {
        "orgs.grassroots_units": 3,
        "orgs.members": 650,
        "orgs.front_line_members": 90,
    }


def test_the_city_is_its_counties_and_its_own_unions(tree: Tree, records: None) -> None:
    counties = _counties(tree)
    own = {"orgs.grassroots_units": 1, "orgs.members": 500, "orgs.front_line_members": 0}
    for name in FIGURES:
        assert _alone(name, tree.city) == sum(_alone(name, c) for c in counties) + own[name]


def test_a_county_that_absorbed_another_is_computed_with_its_predecessors_rows(
    tree: Tree, records: None
) -> None:
    merge_org(tree.taining, tree.jianning, date(2018, 1, 1))
    cache.clear()
    for name in FIGURES:
        indicators.compute(name, tree.city, MID_YEAR)
    jianning = Org.objects.get(pk=tree.jianning.pk)
    # 建宁 now counts 泰宁's unions too: not the 建宁 row of the city's grouped pass.
    assert indicators.compute("orgs.members", jianning, MID_YEAR).value == 150
    assert indicators.compute("orgs.grassroots_units", jianning, MID_YEAR).value == 2


def test_a_new_record_is_counted_after_the_citys_pass(tree: Tree, records: None) -> None:
    for name in FIGURES:
        indicators.compute(name, tree.city, MID_YEAR)
    union = _union(tree.taining_town, "泰宁另一厂工会")
    Headcount.objects.create(org=union, reported_on=date(2018, 4, 1), members=7)
    assert indicators.compute("orgs.members", tree.taining, MID_YEAR).value == 37
    assert indicators.compute("orgs.grassroots_units", tree.taining, MID_YEAR).value == 2
    assert indicators.compute("orgs.members", tree.city, MID_YEAR).value == 657
