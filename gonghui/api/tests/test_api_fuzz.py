"""schemathesis against the OpenAPI document: no server error, no response off its schema."""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from gonghui.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Calls go straight to the WSGI app, whose request signals would close the database
    connection the test's transaction lives on; Django's own test client unhooks them too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


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
