from datetime import date

import pytest
from django.test import Client

from gonghui.hardship.tests.conftest import archived

pytestmark = pytest.mark.usefixtures("standards")
api_installed = pytest.importorskip("gonghui.api.models")


@pytest.fixture
def jianning_token(tree) -> str:
    from gonghui.api.models import ApiToken
    from gonghui.conftest import make_user
    from gonghui.orgs.models import Role

    account = make_user("api-jianning", tree.jianning, Role.OFFICER)
    return ApiToken.issue(account, "测试")[1]


def test_a_county_token_lists_its_open_archives_with_masked_ids(tree, jianning_token) -> None:
    mine = archived(tree.jianning_union, date(2017, 4, 1))
    theirs = archived(tree.taining_union, date(2017, 4, 1))
    client = Client(headers={"Authorization": f"Bearer {jianning_token}"})
    body = client.get("/api/v1/hardship/households/", {"as_of": "2018-06-30"}).json()
    assert [row["id"] for row in body["items"]] == [mine.pk]
    assert body["items"][0]["head_id_masked"] == mine.head_id_masked
    assert "*" in body["items"][0]["head_id_masked"]
    assert client.get("/api/v1/hardship/households/", {"as_of": "2017-01-01"}).json()["count"] == 0
    assert client.get(f"/api/v1/hardship/households/{theirs.pk}").status_code == 404
