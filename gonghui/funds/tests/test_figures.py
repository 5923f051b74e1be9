from datetime import date

import pytest

from gonghui.core import indicators
from gonghui.funds import findings, queries
from gonghui.funds.models import DuesReceipt
from gonghui.funds.tests.helpers import plan, receipt


@pytest.fixture
def dues(tree):
    """建宁: plan 1,200; 600 in Jan–Jun 2018 (100 a month), 500 in Jan–Jun 2017.
    泰宁: plan 1,000; 100 in Jan–Jun 2018, 300 in Jan–Jun 2017 (behind and shrinking)."""
    plan(tree.jianning, 2018, 1200)
    plan(tree.taining, 2018, 1000)
    for m in range(1, 7):
        receipt(tree.jianning_union, date(2018, m, 1), 100)
        receipt(tree.jianning, date(2017, m, 1), 500 // 6 + (500 % 6 if m == 1 else 0))
        receipt(tree.taining, date(2017, m, 1), 50)
    receipt(tree.taining_union, date(2018, 3, 1), 100)
    receipt(tree.jianning, date(2017, 9, 1), 999)  # second half of last year: not compared
    return tree


def test_receipts_remember_their_county(dues) -> None:
    grassroots = DuesReceipt.objects.filter(org=dues.jianning_union).first()
    assert grassroots.county_id == dues.jianning.pk


def test_the_county_table_has_plan_collected_share_and_growth(dues) -> None:
    rows = queries.county_table([dues.jianning, dues.taining], date(2018, 6, 30))
    jianning, taining = rows
    assert (jianning.plan, jianning.collected, jianning.collected_last_year) == (1200, 600, 500)
    assert jianning.share == pytest.approx(0.5)
    assert jianning.growth == pytest.approx(0.2)
    assert jianning.status == "green"
    assert taining.share == pytest.approx(0.1)
    assert taining.growth < 0
    assert taining.status == "red"


def test_figures_are_recomputed_for_a_past_date(dues) -> None:
    city = dues.city
    assert indicators.compute("funds.dues_collected", city, date(2018, 6, 30)).value == 700
    # On 15 June the June receipts are not in yet; on 31 March only January to March.
    assert indicators.compute("funds.dues_collected", city, date(2018, 6, 15)).value == 600
    assert indicators.compute("funds.dues_collected", city, date(2018, 3, 31)).value == 400
    assert indicators.compute("funds.dues_plan", city, date(2018, 6, 30)).value == 2200


def test_a_county_sees_only_its_own_figures(dues) -> None:
    as_of = date(2018, 6, 30)
    assert indicators.compute("funds.dues_collected", dues.jianning, as_of).value == 600
    assert indicators.compute("funds.dues_share_of_plan", dues.jianning, as_of).value == 50.0
    assert indicators.compute("funds.dues_growth", dues.jianning, as_of).value == 20.0
    assert indicators.compute("funds.dues_growth", dues.taining, as_of).value == pytest.approx(
        -66.7
    )
    assert indicators.compute("funds.dues_collected", dues.jianning_union, as_of).value == 600
    assert indicators.compute("funds.dues_collected", dues.taining_union, as_of).value == 100


def test_findings_name_the_county_behind_the_time_line_and_the_one_shrinking(dues) -> None:
    found = {f.kind: f for f in findings.findings(dues.city, date(2018, 6, 30))}
    assert found["funds.below_schedule"].orgs == ["泰宁县总工会"]
    assert "泰宁（10.0%）" in found["funds.below_schedule"].title
    assert found["funds.negative_growth"].orgs == ["泰宁县总工会"]
    assert found["funds.negative_growth"].url.startswith("/funds/")


def test_a_county_on_the_time_line_has_no_finding(dues) -> None:
    assert findings.findings(dues.jianning, date(2018, 6, 30)) == []


def test_a_merged_county_counts_for_its_successor(dues) -> None:
    dues.taining.successor = dues.jianning
    dues.taining.succeeded_on = date(2018, 1, 1)
    dues.taining.save()
    (row,) = queries.county_table([dues.jianning], date(2018, 6, 30))
    assert row.collected == 700
    assert row.plan == 2200
