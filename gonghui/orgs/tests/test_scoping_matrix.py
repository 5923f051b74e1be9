"""The scoping matrix: every route × every persona answers the status it declares.

Each module lists its routes in `<app>/tests/matrix.py` (ROWS). A route that no module lists
fails `test_every_route_declares_its_expectations`, so new pages must say who may open them.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from gonghui.conftest import Tree, client_for, make_personas, make_tree
from gonghui.orgs.models import User
from gonghui.orgs.tests.matrix_content import (
    SIBLING_OF,
    body_text,
    seed_county_records,
    sibling_leaks,
)
from gonghui.orgs.tests.matrix_types import PERSONAS, Row
from gonghui.testing import held_records

# Routes that are not the application's pages: Django's admin (superusers), language switch.
NOT_PAGES = {"set_language"}


def collect_rows() -> list[Row]:
    rows: list[Row] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.matrix"
        if (
            config.name.startswith("gonghui.")
            and find_spec(f"{config.name}.tests")
            and find_spec(name)
        ):
            rows.extend(import_module(name).ROWS)
    return rows


def route_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= route_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names - NOT_PAGES


ROWS = collect_rows()
CASES = [
    pytest.param(
        row, persona, id=f"{row.url_name}{'[' + row.label + ']' if row.label else ''}-{persona}"
    )
    for row in ROWS
    for persona in PERSONAS
    if persona in row.expect
]


def test_every_route_declares_its_expectations() -> None:
    declared = {row.url_name for row in ROWS}
    missing = sorted(route_names() - declared)
    assert not missing, f"routes with no row in any tests/matrix.py: {missing}"


def test_every_row_covers_the_personas_that_matter() -> None:
    for row in ROWS:
        assert "anonymous" in row.expect, f"{row.url_name}: say what an anonymous visitor gets"


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[tuple[Tree, dict[str, User | None]]]:
    """The test tree and the personas, made once for the whole matrix (they were made anew
    for each of its ~1,400 cases, a third of its time); each case still runs in a transaction
    of its own, rolled back, so what one request writes no other case sees."""
    yield from held_records(django_db_blocker, lambda: (tree := make_tree(), make_personas(tree)))


@pytest.mark.parametrize(("row", "persona"), CASES)
def test_route_answers_each_persona_as_declared(
    row: Row, persona: str, world: tuple[Tree, dict[str, User | None]], db: None
) -> None:
    tree, personas = world
    # Both counties' records, for the personas whose answers must not show the sibling county.
    marks = seed_county_records(tree) if persona in SIBLING_OF else {}
    client = client_for(personas[persona])
    url = row.build(tree)
    response = getattr(client, row.method)(url, row.data)
    assert response.status_code == row.expect[persona], (
        f"{row.method.upper()} {url} as {persona}: {response.status_code}"
    )
    # The body, not only the status: nothing of the sibling county shows (pages that declare
    # the anonymous visitor welcome, such as the portal's service points, are public).
    if row.expect.get("anonymous") == 200 or not marks:
        return
    leaks = sibling_leaks(persona, body_text(response), marks)
    assert not leaks, f"{row.method.upper()} {url} as {persona} shows {leaks}"
