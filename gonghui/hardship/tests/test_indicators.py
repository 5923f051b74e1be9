from datetime import date
from decimal import Decimal

import pytest

from gonghui.conftest import staff_actor
from gonghui.core import indicators
from gonghui.hardship import actions, findings
from gonghui.hardship.tests.conftest import archived

pytestmark = pytest.mark.usefixtures("standards")


def value(name: str, org, day: date):
    return indicators.compute(name, org, day).value


@pytest.fixture
def history(tree) -> dict:
    """建宁: one national archive since 2016, one local archive lifted in 2018, one archived
    after mid-2018; 泰宁: one local archive removed in 2018."""
    national = archived(tree.jianning_union, date(2016, 5, 1), level="national")
    lifted = archived(tree.jianning_union, date(2017, 2, 1), level="county")
    later = archived(tree.jianning_union, date(2018, 8, 1), level="grassroots")
    removed = archived(tree.taining_union, date(2017, 3, 1), level="city")
    actions.lift_household(staff_actor(), lifted, date(2018, 3, 1))
    actions.remove_household(staff_actor(), removed, date(2018, 5, 1), "moved")
    actions.record_assistance(
        staff_actor(), national, kind="living", amount=Decimal(1000), given_on=date(2018, 2, 1)
    )
    actions.record_assistance(
        staff_actor(), removed, kind="festival", amount=Decimal(500), given_on=date(2018, 1, 20)
    )
    actions.record_assistance(
        staff_actor(), national, kind="medical", amount=Decimal(700), given_on=date(2017, 9, 1)
    )
    return {"national": national, "lifted": lifted, "later": later, "removed": removed}


def test_archived_households_count_open_archives_on_the_date(tree, history) -> None:
    assert value("hardship.archived_households", tree.city, date(2018, 6, 30)) == 1
    assert value("hardship.archived_households", tree.city, date(2017, 12, 31)) == 3
    assert value("hardship.archived_households", tree.city, date(2018, 12, 31)) == 2
    assert value("hardship.archived_households", tree.city, date(2016, 1, 1)) == 0


def test_national_and_local_split_the_open_archives(tree, history) -> None:
    day = date(2017, 12, 31)
    assert value("hardship.archived_national", tree.city, day) == 1
    assert value("hardship.archived_local", tree.city, day) == 2


def test_a_county_counts_only_its_own_subtree(tree, history) -> None:
    day = date(2017, 12, 31)
    assert value("hardship.archived_households", tree.jianning, day) == 2
    assert value("hardship.archived_households", tree.taining, day) == 1
    assert value("hardship.assistance_amount", tree.taining, date(2018, 6, 30)) == Decimal(500)


def test_yearly_figures_run_from_the_first_of_january_to_the_date(tree, history) -> None:
    mid = date(2018, 6, 30)
    assert value("hardship.lifted", tree.city, mid) == 1
    assert value("hardship.removed", tree.city, mid) == 1
    assert value("hardship.removed", tree.city, date(2018, 4, 30)) == 0
    assert value("hardship.newly_archived", tree.city, mid) == 0
    assert value("hardship.newly_archived", tree.city, date(2018, 12, 31)) == 1
    assert value("hardship.assistance_amount", tree.city, mid) == Decimal(1500)
    assert value("hardship.assistance_count", tree.city, mid) == 2
    assert value("hardship.assistance_count", tree.city, date(2017, 12, 31)) == 1


def test_reviews_overdue_counts_archives_unreviewed_for_a_year(tree, history) -> None:
    national = history["national"]
    # Archived 2016-05-01 and never reviewed: overdue from 2017-05-02.
    assert value("hardship.reviews_overdue", tree.city, date(2017, 4, 30)) == 0
    assert value("hardship.reviews_overdue", tree.city, date(2017, 12, 31)) == 1
    actions.review_household(
        staff_actor(),
        national,
        actions.ReviewInput(reviewed_on=date(2018, 1, 10), member_incomes={}),
    )
    assert value("hardship.reviews_overdue", tree.city, date(2018, 6, 30)) == 0
    # A later review does not rewrite the past.
    assert value("hardship.reviews_overdue", tree.city, date(2017, 12, 31)) == 1


def test_findings_name_the_counties_with_overdue_reviews(tree, history) -> None:
    found = findings.findings(tree.city, date(2017, 12, 31))
    assert len(found) == 1
    assert found[0].kind == "hardship.archives_not_adjusted"
    assert found[0].orgs == ["建宁县总工会"]
    assert "困难职工档案调整不及时" in found[0].title
    assert found[0].url.startswith("/hardship/reviews/")
    assert findings.findings(tree.taining, date(2017, 12, 31)) == []


def test_the_summary_page_breaks_the_totals_down_by_county_and_kind(
    tree, history, city_officer
) -> None:
    from django.urls import reverse

    from gonghui.conftest import client_for

    response = client_for(city_officer).get(reverse("hardship:summary"), {"as_of": "2017-12-31"})
    counties = {row["county__name"]: row for row in response.context["counties"]}
    assert counties["建宁县总工会"]["total"] == 2
    assert counties["建宁县总工会"]["national"] == 1
    assert counties["泰宁县总工会"]["local"] == 1
    kinds = {(r["kind"], r["count"]) for r in response.context["breakdown"]}
    assert kinds == {("医疗救助", 1)}
