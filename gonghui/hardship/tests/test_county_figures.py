"""The city's figures are computed once, grouped by county, and each county's kept for the
dashboard's comparison: what the comparison reads must be what the county computes alone."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from gonghui.conftest import staff_actor
from gonghui.core import indicators
from gonghui.hardship import actions
from gonghui.hardship.tests.conftest import archived
from gonghui.orgs.actions import merge_org
from gonghui.orgs.models import Level, Org

pytestmark = pytest.mark.usefixtures("standards")

MID_YEAR = date(2018, 6, 30)
FIGURES = (
    "hardship.archived_households",
    "hardship.archived_national",
    "hardship.archived_local",
    "hardship.newly_archived",
    "hardship.lifted",
    "hardship.removed",
    "hardship.assistance_amount",
    "hardship.assistance_count",
)


@pytest.fixture
def records(tree) -> None:
    """建宁: two archives (one lifted this year) with assistance; 泰宁: one archive with
    assistance of two kinds; 明溪 (a third county): nothing."""
    national = archived(tree.jianning_union, date(2016, 5, 1), level="national")
    lifted = archived(tree.jianning_union, date(2018, 2, 1), level="county")
    local = archived(tree.taining_union, date(2017, 3, 1), level="city")
    actions.lift_household(staff_actor(), lifted, date(2018, 3, 1))
    for household, kind, amount, day in (
        (national, "living", 1000, date(2018, 2, 1)),
        (national, "living", 300, date(2018, 4, 1)),
        (local, "festival", 500, date(2018, 1, 20)),
        (local, "medical", 800, date(2018, 6, 1)),
        (local, "medical", 900, date(2017, 6, 1)),  # last year: not counted
    ):
        actions.record_assistance(
            staff_actor(), household, kind=kind, amount=Decimal(amount), given_on=day
        )
    Org.objects.create(name="明溪县总工会", short_name="明溪", level=Level.COUNTY, parent=tree.city)


def _alone(name: str, org: Org):
    """The figure computed for the org with nothing cached."""
    cache.clear()
    return indicators.compute(name, org, MID_YEAR).value


def test_each_countys_figure_kept_from_the_citys_pass_is_its_own(tree, records) -> None:
    counties = list(Org.objects.filter(parent=tree.city, level=Level.COUNTY))
    expected = {(n, c.pk): _alone(n, c) for n in FIGURES for c in counties}
    assert expected[("hardship.assistance_amount", tree.taining.pk)] == Decimal(1300)
    assert expected[("hardship.lifted", tree.jianning.pk)] == 1
    cache.clear()
    city = {n: indicators.compute(n, tree.city, MID_YEAR).value for n in FIGURES}
    # Now served from what the city's queries kept: no query per county and figure.
    kept = {(n, c.pk): indicators.compute(n, c, MID_YEAR).value for n in FIGURES for c in counties}
    assert kept == expected
    assert city["hardship.assistance_amount"] == Decimal(2600)
    assert city["hardship.assistance_count"] == 4
    assert city["hardship.archived_households"] == 2


def test_the_city_total_equals_the_counties_summed(tree, records) -> None:
    counties = list(Org.objects.filter(parent=tree.city, level=Level.COUNTY))
    for name in FIGURES:
        assert _alone(name, tree.city) == sum(_alone(name, c) for c in counties), name


def test_a_county_that_absorbed_another_is_computed_with_its_predecessors_rows(
    tree, records
) -> None:
    merge_org(tree.taining, tree.jianning, date(2018, 1, 1))
    cache.clear()
    indicators.compute("hardship.assistance_amount", tree.city, MID_YEAR)
    # 建宁 now counts 泰宁's rows too: not the 建宁 row of the city's grouped pass.
    value = indicators.compute("hardship.assistance_amount", tree.jianning, MID_YEAR).value
    assert value == Decimal(2600)
    assert indicators.compute("hardship.archived_households", tree.jianning, MID_YEAR).value == 2


def test_a_new_record_is_counted_after_the_citys_pass(tree, records, city_officer) -> None:
    indicators.compute("hardship.assistance_amount", tree.city, MID_YEAR)
    household = archived(tree.taining_union, date(2017, 2, 1), level="national")
    actions.record_assistance(
        staff_actor(), household, kind="living", amount=Decimal(50), given_on=date(2018, 5, 5)
    )
    value = indicators.compute("hardship.assistance_amount", tree.taining, MID_YEAR).value
    assert value == Decimal(1350)
