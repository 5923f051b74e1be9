"""Two officers on the dues plan page: the second save, from an outdated page, is refused."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.funds.models import DuesPlan

pytestmark = pytest.mark.django_db


def _seen(page: str, pk: int) -> str:
    found = re.search(rf'name="seen_{pk}" value="([^"]*)"', page)
    assert found, "the plan page carries the amount it showed"
    return found.group(1)


def test_a_plan_saved_from_an_outdated_page_is_refused(tree, city_officer) -> None:
    DuesPlan.objects.create(org=tree.jianning, year=2018, amount=Decimal(1000))
    url = reverse("funds:plans")
    first, second = client_for(city_officer), client_for(city_officer)
    pages = [c.get(url, {"year": "2018"}).content.decode() for c in (first, second)]
    jn = tree.jianning.pk

    def post(client, page: str, amount: str):  # type: ignore[no-untyped-def]
        return client.post(
            url,
            {"year": "2018", f"amount_{jn}": amount, f"seen_{jn}": _seen(page, jn)},
        )

    assert post(first, pages[0], "1200").status_code == 302
    stale = post(second, pages[1], "900")
    assert stale.status_code == 400
    assert "建宁2018年的征缴计划已被他人修改" in stale.content.decode()
    assert DuesPlan.objects.get(org=tree.jianning, year=2018).amount == Decimal(1200)
