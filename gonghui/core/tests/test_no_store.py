"""Pages and files for the signed-in carry personal data: no browser or proxy keeps them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.api.models import ApiToken
from gonghui.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["hardship:archive_list", "hardship:archive_export", "rights:petition_list", "jobs", "home"],
)
def test_signed_in_pages_and_exports_are_private_and_not_stored(name, jianning_officer) -> None:
    response = client_for(jianning_officer).get(reverse(name))
    assert response.status_code in {200, 302}
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_api_answers_to_a_token_are_not_stored(tree, jianning_officer) -> None:
    token = ApiToken.issue(jianning_officer, "测试")[1]
    response = Client().get("/api/v1/orgs/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_public_pages_and_static_files_stay_cacheable(tree) -> None:
    assert "no-store" not in Client().get(reverse("portal_home")).get("Cache-Control", "")
    static = Client().get("/static/css/gonghui.css")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")
