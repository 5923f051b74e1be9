from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gonghui.conftest import make_user
from gonghui.core import indicators
from gonghui.orgs.actions import merge_org
from gonghui.orgs.models import Headcount, Level, Org, Role
from gonghui.orgs.scoping import visible_orgs

pytestmark = pytest.mark.django_db


def test_path_makes_the_subtree_one_prefix_query(tree) -> None:
    assert tree.jianning_union.path.startswith(tree.jianning.path)
    assert set(Org.objects.subtree(tree.jianning)) == {
        tree.jianning,
        tree.jianning_town,
        tree.jianning_union,
    }


def test_a_county_officer_sees_its_subtree_and_not_its_sibling(tree, jianning_officer) -> None:
    seen = set(visible_orgs(jianning_officer))
    assert tree.jianning_union in seen
    assert tree.taining not in seen and tree.taining_union not in seen and tree.city not in seen


def test_workers_and_lawyers_see_no_org_records(tree, worker, lawyer) -> None:
    assert not visible_orgs(worker).exists()
    assert not visible_orgs(lawyer).exists()


def _county_with_union(city: Org, name: str, code: str, members: int) -> tuple[Org, Org]:
    county = Org.objects.create(name=name, level=Level.COUNTY, parent=city, admin_code=code)
    union = Org.objects.create(name=f"{name}某厂工会", level=Level.GRASSROOTS, parent=county)
    Headcount.objects.create(org=union, reported_on=date(2017, 12, 31), members=members)
    return county, union


def test_a_merged_unit_rolls_up_to_its_successor_from_the_merge_date(tree) -> None:
    meilie, _ = _county_with_union(tree.city, "梅列区总工会", "350402", 100)
    sanyuan, _ = _county_with_union(tree.city, "三元区总工会", "350403", 40)

    merge_org(meilie, sanyuan, on=date(2021, 6, 1))
    sanyuan = Org.objects.get(pk=sanyuan.pk)

    assert indicators.compute("orgs.members", sanyuan, date(2021, 12, 31)).value == 140
    assert indicators.compute("orgs.grassroots_units", sanyuan, date(2021, 12, 31)).value == 2
    # The city counts 4 county unions before the merge and 3 after it; history is kept.
    assert indicators.compute("orgs.county_units", tree.city, date(2020, 12, 31)).value == 4
    assert indicators.compute("orgs.county_units", tree.city, date(2021, 12, 31)).value == 3
    assert Org.objects.get(pk=meilie.pk).successor == sanyuan


def test_the_successors_officer_sees_the_merged_units_records(tree) -> None:
    meilie, meilie_union = _county_with_union(tree.city, "梅列区总工会", "350402", 100)
    sanyuan, _ = _county_with_union(tree.city, "三元区总工会", "350403", 40)
    officer = make_user("sanyuan", sanyuan, Role.OFFICER)
    assert meilie_union not in set(visible_orgs(officer))
    merge_org(meilie, sanyuan, on=date(2021, 6, 1))
    officer.org = Org.objects.get(pk=sanyuan.pk)
    assert meilie_union in set(visible_orgs(officer))


def test_a_unit_cannot_merge_into_its_own_subtree(tree) -> None:
    with pytest.raises(ValidationError):
        merge_org(tree.jianning, tree.jianning_town, on=date(2021, 1, 1))


def test_figures_count_only_units_that_existed_on_the_date(tree) -> None:
    assert indicators.compute("orgs.grassroots_units", tree.city, date(2009, 12, 31)).value == 1
    assert indicators.compute("orgs.grassroots_units", tree.city, date(2010, 1, 1)).value == 2


def test_employer_credit_codes_are_validated(tree) -> None:
    org = Org(
        name="某公司工会",
        level=Level.GRASSROOTS,
        parent=tree.jianning_town,
        credit_code="91350430MA2XN00018",
    )
    with pytest.raises(ValidationError) as caught:
        org.full_clean()
    assert "credit_code" in caught.value.message_dict
