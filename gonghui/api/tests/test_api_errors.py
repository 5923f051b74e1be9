"""Every API refusal is the documented JSON shape, with a Chinese message."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")


def _chinese(body: dict) -> str:
    message = body["error"]["message"]
    assert re.search(r"[\u4e00-\u9fff]", message), message
    assert not ENGLISH_WORD.search(message.replace("JSON", "")), message
    return message


def test_a_bad_date_is_refused_in_chinese_naming_the_field(tree, jianning_token) -> None:
    response = Client().get(
        f"/api/v1/indicators/?org={tree.jianning.pk}&as_of=2018-13-40",
        headers={"Authorization": f"Bearer {jianning_token}"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "as_of"
    assert "日期" in _chinese(response.json())


@pytest.mark.parametrize("query", ["org=abc", "", "org=0", "org=99999999999999999999"], ids=str)
def test_bad_or_missing_parameters_are_refused_in_chinese(tree, jianning_token, query) -> None:
    response = Client().get(
        f"/api/v1/indicators/?{query}", headers={"Authorization": f"Bearer {jianning_token}"}
    )
    assert response.status_code == 422
    _chinese(response.json())


def test_a_body_that_is_not_json_is_refused_in_chinese(tree, jianning_token) -> None:
    response = Client().post(
        "/api/v1/rights/petitions/",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {jianning_token}"},
    )
    assert response.status_code in {400, 422}
    _chinese(response.json())


def test_an_unknown_api_address_is_a_json_404(jianning_token) -> None:
    response = Client().get(
        "/api/v1/no-such-thing/", headers={"Authorization": f"Bearer {jianning_token}"}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    _chinese(response.json())


def test_no_token_is_refused_in_chinese() -> None:
    response = Client().get("/api/v1/orgs/")
    assert response.status_code == 401
    _chinese(response.json())


def test_a_method_the_address_does_not_take_is_a_json_405(jianning_token) -> None:
    response = Client().delete(
        "/api/v1/orgs/", headers={"Authorization": f"Bearer {jianning_token}"}
    )
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert response.json()["error"]["code"] == "error"
    _chinese(response.json())
