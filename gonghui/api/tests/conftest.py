"""Tokens for the API tests: one bound to 建宁, one to 泰宁."""

import pytest

from gonghui.api.models import ApiToken
from gonghui.conftest import make_user
from gonghui.orgs.models import Role


@pytest.fixture
def jianning_token(tree) -> str:
    account = make_user("api-jianning", tree.jianning, Role.OFFICER)
    return ApiToken.issue(account, "测试")[1]


@pytest.fixture
def taining_token(tree) -> str:
    account = make_user("api-taining", tree.taining, Role.OFFICER)
    return ApiToken.issue(account, "测试")[1]
