"""With the database unreachable: 503 with Retry-After, JSON under the API, a Chinese
maintenance page elsewhere. The database is made unreachable for real: the connection is
pointed at a path that cannot be opened (SQLite) or a closed port (PostgreSQL)."""

from __future__ import annotations

import copy
import socket
from collections.abc import Iterator

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.test import Client


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_down(django_db_blocker) -> Iterator[None]:
    original = connections["default"]
    unreachable = copy.deepcopy(original.settings_dict)
    if original.vendor == "sqlite":
        unreachable["NAME"] = "/nonexistent-gonghui-dir/gonghui.sqlite3"
    else:
        unreachable.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    broken = load_backend(unreachable["ENGINE"]).DatabaseWrapper(unreachable, "default")
    connections["default"] = broken
    try:
        with django_db_blocker.unblock():
            yield
    finally:
        broken.close()
        connections["default"] = original


def test_the_api_answers_json_503_with_retry_after(database_down) -> None:
    response = Client(raise_request_exception=False).get(
        "/api/v1/orgs/", headers={"Authorization": "Bearer gh_whatever"}
    )
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "unavailable"
    assert "数据库" in response.json()["error"]["message"]
    assert int(response["Retry-After"]) > 0


def test_a_page_shows_the_maintenance_message_with_503(database_down) -> None:
    response = Client(raise_request_exception=False).get("/portal/")
    assert response.status_code == 503
    assert "系统维护中" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_a_page_whose_session_needs_the_database_is_a_503_too(database_down) -> None:
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32  # loading the session is the first query
    response = client.get("/hardship/")
    assert response.status_code == 503
    assert "系统维护中" in response.content.decode()
