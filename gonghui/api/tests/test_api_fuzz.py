"""schemathesis against the OpenAPI document: no server error, no response off its schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from gonghui.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def auth_headers(jianning_token) -> dict[str, str]:
    return {"Authorization": f"Bearer {jianning_token}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_or_breaks_its_schema(case, auth_headers) -> None:
    case.call_and_validate(
        headers=auth_headers, checks=[not_a_server_error, response_schema_conformance]
    )
