"""The city's rights key figures are computed once, grouped by county, and each county's kept
for the dashboard's comparison: what the comparison reads must be what the county computes
alone."""

from datetime import date

import pytest
from django.core.cache import cache

from gonghui.conftest import Tree, staff_actor
from gonghui.core import indicators
from gonghui.orgs.actions import merge_org
from gonghui.orgs.models import Level, Org
from gonghui.rights import actions
from gonghui.rights.tests import factories

MID_YEAR = date(2018, 6, 30)
FIGURES = ("rights.petition_cases", "rights.petition_persons", "rights.supervision_committees")


def _union(parent: Org, name: str) -> Org:
    return Org.objects.create(name=name, level=Level.GRASSROOTS, parent=parent)


@pytest.fixture
def records(tree: Tree) -> None:
    """建宁: a case first received last year and repeated this year in 建宁 and in 泰宁, a new
    case of 6 persons, a committee; 泰宁: a case at a grassroots union, two committees; 明溪 (a
    third county): nothing; one petition at the city federation itself."""
    factories.petition(tree.jianning, received_on=date(2017, 12, 20), employer_name="甲公司")
    factories.petition(tree.jianning, received_on=date(2018, 1, 5), employer_name="甲公司")
    factories.petition(
        tree.taining, received_on=date(2018, 1, 8), employer_name="甲公司", persons=3
    )
    factories.petition(tree.jianning_union, received_on=date(2018, 2, 1), persons=6)
    factories.petition(tree.taining_union, received_on=date(2018, 3, 1), employer_name="乙公司")
    factories.petition(tree.city, received_on=date(2018, 4, 1), employer_name="丙公司", persons=2)
    for union, day in (
        (tree.jianning_union, date(2016, 1, 1)),
        (tree.taining_union, date(2017, 5, 1)),
        (_union(tree.taining_town, "泰宁乙公司工会"), date(2018, 5, 1)),
        (_union(tree.taining_town, "泰宁丙公司工会"), date(2018, 9, 1)),  # after the date
    ):
        actions.set_up_committee(
            actor=staff_actor(), union=union, set_up_on=day, chair="王五", members_count=3
        )
    Org.objects.create(name="明溪县总工会", short_name="明溪", level=Level.COUNTY, parent=tree.city)


def _alone(name: str, org: Org) -> object:
    """The figure computed for the org with nothing cached."""
    cache.clear()
    return indicators.compute(name, org, MID_YEAR).value


def _counties(tree: Tree) -> list[Org]:
    return list(Org.objects.filter(parent=tree.city, level=Level.COUNTY).order_by("pk"))


def test_each_countys_figure_kept_from_the_citys_pass_is_its_own(
    tree: Tree, records: None, django_assert_max_num_queries
) -> None:
    counties = _counties(tree)
    expected = {(n, c.pk): _alone(n, c) for n in FIGURES for c in counties}
    assert expected[("rights.petition_cases", tree.jianning.pk)] == 2
    assert expected[("rights.petition_cases", tree.taining.pk)] == 2
    assert expected[("rights.petition_persons", tree.taining.pk)] == 4
    assert expected[("rights.supervision_committees", tree.taining.pk)] == 2
    cache.clear()
    city = {n: indicators.compute(n, tree.city, MID_YEAR).value for n in FIGURES}
    # Now served from what the city's queries kept: a data-version read per figure, no count.
    with django_assert_max_num_queries(2 * len(FIGURES) * len(counties)):
        kept = {
            (n, c.pk): indicators.compute(n, c, MID_YEAR).value for n in FIGURES for c in counties
        }
    assert kept == expected
    # The repeat in 泰宁 of 建宁's first petition is one case for the city, as before.
    assert city == {
        "rights.petition_cases": 4,
        "rights.petition_persons": 13,
        "rights.supervision_committees": 3,
    }


def test_the_city_is_its_counties_and_its_own_rows_for_the_additive_figures(
    tree: Tree, records: None
) -> None:
    counties = _counties(tree)
    for name in ("rights.petition_persons", "rights.supervision_committees"):
        own = 2 if name == "rights.petition_persons" else 0  # the city federation's petition
        assert _alone(name, tree.city) == sum(_alone(name, c) for c in counties) + own, name
    # Cases do not add up: the cross-county repeat is one case for the city, one per county;
    # with the city federation's own case the city has as many cases as its counties together.
    assert [_alone("rights.petition_cases", c) for c in counties] == [2, 2, 0]
    assert _alone("rights.petition_cases", tree.city) == 4


def test_a_county_that_absorbed_another_is_computed_with_its_predecessors_rows(
    tree: Tree, records: None
) -> None:
    merge_org(tree.taining, tree.jianning, date(2018, 1, 1))
    cache.clear()
    for name in FIGURES:
        indicators.compute(name, tree.city, MID_YEAR)
    # 建宁 now counts 泰宁's rows too: not the 建宁 row of the city's grouped pass.
    value = indicators.compute("rights.petition_persons", tree.jianning, MID_YEAR).value
    assert value == 11
    assert indicators.compute("rights.petition_cases", tree.jianning, MID_YEAR).value == 3
    assert indicators.compute("rights.supervision_committees", tree.jianning, MID_YEAR).value == 3


def test_a_new_record_is_counted_after_the_citys_pass(tree: Tree, records: None) -> None:
    for name in FIGURES:
        indicators.compute(name, tree.city, MID_YEAR)
    factories.petition(tree.taining_town, received_on=date(2018, 6, 1), employer_name="丁公司")
    union = _union(tree.taining_town, "泰宁丁公司工会")
    actions.set_up_committee(
        actor=staff_actor(), union=union, set_up_on=date(2018, 6, 1), chair="赵六", members_count=3
    )
    assert indicators.compute("rights.petition_cases", tree.taining, MID_YEAR).value == 3
    assert indicators.compute("rights.petition_persons", tree.taining, MID_YEAR).value == 5
    assert indicators.compute("rights.supervision_committees", tree.taining, MID_YEAR).value == 3
    assert indicators.compute("rights.petition_cases", tree.city, MID_YEAR).value == 5
