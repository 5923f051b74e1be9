"""The city sets each county's yearly dues plan; counties read theirs."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core import indicators
from gonghui.funds.models import DuesPlan

pytestmark = pytest.mark.django_db


def test_the_city_sets_the_plans_and_the_figure_follows(tree, city_officer) -> None:
    response = client_for(city_officer).post(
        reverse("funds:plans"),
        {
            "year": "2018",
            f"amount_{tree.jianning.pk}": "1,200,000",
            f"amount_{tree.taining.pk}": "",
        },
    )
    assert response.status_code == 302
    assert DuesPlan.objects.get(org=tree.jianning, year=2018).amount == Decimal(1200000)
    assert not DuesPlan.objects.filter(org=tree.taining).exists()
    assert indicators.compute("funds.dues_plan", tree.city, date(2018, 6, 30)).value == 1200000


def test_a_bad_amount_names_the_county_and_saves_nothing(tree, city_officer) -> None:
    page = client_for(city_officer).post(
        reverse("funds:plans"),
        {
            "year": "2018",
            f"amount_{tree.jianning.pk}": "100",
            f"amount_{tree.taining.pk}": "一百万",
        },
    )
    assert page.status_code == 400
    assert "泰宁：计划金额“一百万”不是有效的金额" in page.content.decode()
    assert not DuesPlan.objects.exists()


def test_a_county_cannot_set_its_own_plan(tree, jianning_officer) -> None:
    client = client_for(jianning_officer)
    assert "征缴计划由上一级工会下达" in client.get(reverse("funds:plans")).content.decode()
    response = client.post(
        reverse("funds:plans"), {"year": "2018", f"amount_{tree.jianning.pk}": "1"}
    )
    assert response.status_code == 403
    assert not DuesPlan.objects.exists()
