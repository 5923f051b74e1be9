from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gonghui.api.models import ApiToken, hash_token
from gonghui.orgs.models import Headcount

pytestmark = pytest.mark.django_db


def _get(path: str, token: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().get(f"/api/v1{path}", headers=headers)


def test_no_token_gets_a_uniform_401() -> None:
    response = _get("/orgs/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_a_county_token_reads_its_own_subtree_only(tree, jianning_token) -> None:
    names = {o["name"] for o in _get("/orgs/?limit=100", jianning_token).json()["items"]}
    assert names == {tree.jianning.name, tree.jianning_town.name, tree.jianning_union.name}
    assert _get(f"/orgs/{tree.jianning.pk}", jianning_token).status_code == 200
    refused = _get(f"/orgs/{tree.taining.pk}", jianning_token)
    assert refused.status_code == 404
    assert refused.json() == {
        "error": {"code": "not_found", "message": "不存在，或不在本账户的权限范围内", "field": ""}
    }
    assert _get(f"/indicators/?org={tree.taining.pk}", jianning_token).status_code == 404


def test_indicators_are_computed_for_the_date(tree, jianning_token) -> None:
    Headcount.objects.create(org=tree.jianning_union, reported_on=date(2018, 1, 1), members=88)
    body = _get(f"/indicators/?org={tree.jianning.pk}&as_of=2018-06-30", jianning_token).json()
    members = next(i for i in body["indicators"] if i["name"] == "orgs.members")
    assert members["value"] == 88 and body["as_of"] == "2018-06-30"
    early = _get(f"/indicators/?org={tree.jianning.pk}&as_of=2017-06-30", jianning_token).json()
    assert next(i for i in early["indicators"] if i["name"] == "orgs.members")["value"] == 0


def test_bad_parameters_get_a_uniform_error_naming_the_field(tree, jianning_token) -> None:
    response = _get(f"/indicators/?org={tree.jianning.pk}&as_of=2018-13-40", jianning_token)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "as_of"


def test_tokens_are_stored_hashed_and_can_be_revoked(tree, jianning_token) -> None:
    stored = ApiToken.objects.get()
    assert (
        stored.token_hash == hash_token(jianning_token) and jianning_token not in stored.token_hash
    )
    stored.revoked_at = timezone.now()
    stored.save()
    assert _get("/orgs/", jianning_token).status_code == 401


def test_the_command_issues_a_token_for_a_system_account(tree, capsys) -> None:
    call_command("create_api_token", "--org", "350430", "--name", "省总对接")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert raw.startswith("gh_")
    assert _get(f"/orgs/{tree.jianning.pk}", raw).status_code == 200
    assert _get(f"/orgs/{tree.taining.pk}", raw).status_code == 404


def test_the_docs_are_served_without_the_internet() -> None:
    assert Client().get("/api/v1/openapi.json").status_code == 200
    html = Client().get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
