from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.conftest import staff_actor
from gonghui.funds import actions, queries
from gonghui.funds.models import ShareRule
from gonghui.funds.tests.helpers import receipt


def test_a_plan_with_a_monthly_curve_moves_the_time_line(tree, city_officer) -> None:
    curve = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9]  # most dues arrive with the year-end bonuses
    actions.set_plan(tree.jianning, 2018, Decimal(2000), actor=city_officer, monthly_curve=curve)
    receipt(tree.jianning, date(2018, 3, 1), 500)
    (row,) = queries.county_table([tree.jianning], date(2018, 6, 30))
    assert row.expected == pytest.approx(6 / 20)
    assert row.share == pytest.approx(0.25)
    assert row.status == "amber"


def test_a_plan_is_replaced_not_duplicated(tree) -> None:
    actions.set_plan(tree.jianning, 2018, Decimal(1000), actor=staff_actor())
    plan = actions.set_plan(tree.jianning, 2018, Decimal(1500), actor=staff_actor())
    assert plan.amount == 1500
    assert type(plan).objects.count() == 1


@pytest.mark.parametrize(
    ("org_name", "amount", "curve", "message"),
    [
        ("jianning_union", 1000, None, "县（市、区）总工会"),
        ("jianning", -5, None, "负数"),
        ("jianning", 1000, [1, 2], "12个月"),
    ],
)
def test_a_bad_plan_is_refused_with_the_reason(tree, org_name, amount, curve, message) -> None:
    with pytest.raises(ValidationError, match=message):
        actions.set_plan(
            getattr(tree, org_name), 2018, Decimal(amount), monthly_curve=curve, actor=staff_actor()
        )


def test_the_split_between_levels_is_data_and_adds_up() -> None:
    rule = ShareRule(
        year=2018,
        province_code="350000",
        shares={"grassroots": 60, "county": 16, "city": 10, "province": 9, "national": 5},
    )
    rule.clean()
    parts = rule.split(Decimal("1000.01"))
    assert sum(parts.values()) == Decimal("1000.01")
    assert parts["national"] == Decimal("50.00")
    rule.shares = {"grassroots": 60, "county": 30}
    with pytest.raises(ValidationError, match="100%"):
        rule.clean()
