"""Dues in the JSON API: receipts, the per-county figures as of a date, posting a receipt."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from gonghui.api.models import ApiToken
from gonghui.conftest import make_user
from gonghui.core import creditcode
from gonghui.funds.models import DuesMonthTotal, DuesReceipt
from gonghui.funds.tests.helpers import code, plan, receipt
from gonghui.orgs.models import Role

pytestmark = pytest.mark.django_db

BASE = "/api/v1/funds"


def _get(path: str, token: str):
    return Client().get(f"{BASE}{path}", headers={"Authorization": f"Bearer {token}"})


def _post(path: str, token: str, body: dict):
    return Client().post(
        f"{BASE}{path}",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.fixture
def dues(tree) -> None:
    """建宁: plan 100,000 for 2018; 10,000 a month Jan–Jun 2018, 8,000 a month in 2017.
    泰宁: 50,000 in March 2018."""
    plan(tree.jianning, 2018, 100_000)
    for month in range(1, 7):
        receipt(tree.jianning, date(2018, month, 1), 10_000, employer_name=f"建宁单位{month}")
        receipt(tree.jianning, date(2017, month, 1), 8_000)
    receipt(tree.taining, date(2018, 3, 1), 50_000, employer_name="泰宁单位")


def _receipt_body(tree, **extra: object) -> dict:
    return {
        "county": tree.jianning.pk,
        "month": "2018-07",
        "employer_name": "建宁新建机械厂",
        "credit_code": code(),
        "payroll": "100000.00",
        "amount": "2000.00",
        **extra,
    }


def test_a_county_token_lists_its_own_receipts_only(tree, dues, jianning_token) -> None:
    body = _get("/receipts/?limit=100", jianning_token).json()
    assert body["count"] == 12
    assert {r["county_id"] for r in body["items"]} == {tree.jianning.pk}
    assert body["items"][0]["month"] == "2018-06-01"
    assert _get(f"/receipts/?county={tree.taining.pk}", jianning_token).json()["count"] == 0


def test_receipts_are_filtered_by_month_range_and_county(tree, dues, taining_token) -> None:
    body = _get("/receipts/?month_from=2018-02-15&month_to=2018-04-30", taining_token).json()
    assert [r["employer_name"] for r in body["items"]] == ["泰宁单位"]
    assert _get("/receipts/?month_to=2018-02-28", taining_token).json()["count"] == 0
    county = _get(f"/receipts/?county={tree.taining.pk}", taining_token).json()
    assert county["count"] == 1


def test_dues_figures_per_county_as_of_mid_year(tree, dues, jianning_token) -> None:
    body = _get("/dues/?as_of=2018-06-30", jianning_token).json()
    (row,) = body["counties"]
    assert row["county_id"] == tree.jianning.pk
    assert row["plan"] == 100_000 and row["collected"] == 60_000
    assert row["collected_last_year"] == 48_000
    assert row["share_pct"] == 60.0 and row["growth_pct"] == 25.0
    assert row["status"] == "green"
    assert body["total"]["collected"] == 60_000


def test_dues_figures_are_as_they_were_on_a_past_date(tree, dues, jianning_token) -> None:
    # On 15 April only January–March counted (a month counts once it has ended).
    (row,) = _get("/dues/?as_of=2018-04-15", jianning_token).json()["counties"]
    assert row["collected"] == 30_000 and row["collected_last_year"] == 24_000
    assert row["share_pct"] == 30.0


def test_the_city_sees_every_county_and_the_total(tree, dues) -> None:
    token = ApiToken.issue(make_user("api-city", tree.city, Role.OFFICER), "测试")[1]
    body = _get("/dues/?as_of=2018-06-30", token).json()
    collected = {r["county_name"]: r["collected"] for r in body["counties"]}
    assert collected == {"建宁": 60_000, "泰宁": 50_000}
    assert body["total"]["collected"] == 110_000 and body["total"]["plan"] == 100_000


def test_a_county_token_cannot_read_the_sibling_countys_figures(tree, dues, jianning_token) -> None:
    response = _get(f"/dues/?county={tree.taining.pk}", jianning_token)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_posted_receipt_is_recorded_and_counts_in_the_figures(tree, dues, jianning_token) -> None:
    body = _receipt_body(tree, credit_code=" " + code().lower())
    response = _post("/receipts/", jianning_token, body)
    assert response.status_code == 201
    created = response.json()
    assert created["month"] == "2018-07-01" and created["amount"] == 2000.0
    assert created["credit_code"] == creditcode.validate(body["credit_code"])
    assert created["preparatory"] is True
    total = DuesMonthTotal.objects.get(county=tree.jianning, month=date(2018, 7, 1))
    assert total.amount == Decimal("2000.00")
    (row,) = _get("/dues/?as_of=2018-07-31", jianning_token).json()["counties"]
    assert row["collected"] == 62_000


def test_a_receipt_from_an_employer_with_a_union_is_credited_to_that_union(
    tree, jianning_token
) -> None:
    body = _receipt_body(tree, credit_code=tree.jianning_union.credit_code)
    created = _post("/receipts/", jianning_token, body).json()
    assert created["org_id"] == tree.jianning_union.pk and created["preparatory"] is False


def test_a_county_token_cannot_post_for_the_sibling_county(tree, jianning_token) -> None:
    response = _post("/receipts/", jianning_token, _receipt_body(tree, county=tree.taining.pk))
    assert response.status_code == 404
    assert not DuesReceipt.objects.exists()


def test_a_bad_credit_code_is_refused_naming_the_field(tree, jianning_token) -> None:
    good = code()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = _post("/receipts/", jianning_token, _receipt_body(tree, credit_code=bad))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["field"] == "credit_code"
    assert "校验位错误" in error["message"]
    assert not DuesReceipt.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"amount": "1500.00"}, "amount", "2%"),
        ({"month": "2018-13"}, "month", "不是有效月份"),
        # The shared date rule: a day that does not exist is not read as its month.
        ({"month": "2018-02-30"}, "month", "不是有效月份"),
        ({"month": "2999-01"}, "month", "尚未到来"),
        ({"credit_code": "12345"}, "credit_code", "长度不是18位"),
        ({"employer_name": ""}, "employer_name", "缴费单位名称不能为空"),
        ({"payroll": "-1"}, "payroll", "工资总额不能为负数"),
        ({"payroll": "十万"}, "payroll", "中文数字"),
        ({"amount": "2000.001"}, "amount", "两位小数"),
    ],
)
def test_bad_receipts_get_the_uniform_error_naming_the_field(
    tree, jianning_token, change: dict, field: str, words: str
) -> None:
    response = _post("/receipts/", jianning_token, _receipt_body(tree, **change))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == field and words in error["message"]
    assert not DuesReceipt.objects.exists()


def test_a_receipt_posted_twice_is_refused(tree, jianning_token) -> None:
    body = _receipt_body(tree)
    assert _post("/receipts/", jianning_token, body).status_code == 201
    again = _post("/receipts/", jianning_token, body)
    assert again.status_code == 422
    assert again.json()["error"]["field"] == "credit_code"
    assert "已导入过" in again.json()["error"]["message"]
    assert DuesReceipt.objects.count() == 1


def test_a_receipt_is_posted_to_a_county_not_a_township(tree, jianning_token) -> None:
    response = _post(
        "/receipts/", jianning_token, _receipt_body(tree, county=tree.jianning_town.pk)
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "county"


@pytest.mark.parametrize("name", ['甲,乙"丙"公司', "=HYPERLINK(1)", "三明 · 第一\t分厂"])
def test_an_employer_name_is_recorded_as_written(tree, jianning_token, name: str) -> None:
    created = _post("/receipts/", jianning_token, _receipt_body(tree, employer_name=name)).json()
    assert created["employer_name"] == name


def test_an_account_that_is_not_staff_cannot_post_a_receipt(tree) -> None:
    token = ApiToken.issue(make_user("api-worker", tree.jianning, Role.WORKER), "测试")[1]
    response = _post("/receipts/", token, _receipt_body(tree))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert not DuesReceipt.objects.exists()
