"""The petition list and the statistics page cost the same queries for 3 or 30 petitions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.conftest import Tree, client_for, staff_actor
from gonghui.orgs.models import User
from gonghui.rights import actions
from gonghui.rights.models import Matter
from gonghui.rights.tests import factories

MATTERS = list(Matter)
PAGES: list[Callable[[Tree], str]] = [
    lambda t: reverse("rights:petition_list") + "?as_of=2018-06-30",
    lambda t: (
        reverse("rights:petition_list")
        + f"?as_of=2018-06-30&overdue=on&county={t.jianning.pk}&channel=visit&start=2018-01-01"
    ),
    lambda t: reverse("rights:petition_statistics") + "?as_of=2018-06-30",
]


def _make(tree: Tree, n: int, offset: int) -> None:
    for i in range(n):
        org = (tree.jianning, tree.taining, tree.jianning_town)[i % 3]
        p = factories.petition(
            org,
            received_on=date(2018, 1, 1) + timedelta(days=offset + i * 3),
            persons=1 + i % 6,
            matter=MATTERS[i % len(MATTERS)],
            employer_name=f"公司{offset}-{i}",
            id_number=factories.ID_B if i % 7 == 0 else "",
        )
        if i % 2:
            p = actions.accept(p, version=p.version, actor=staff_actor(), on=p.received_on)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_petition_list_and_statistics_do_not_grow_with_the_data(
    tree: Tree, city_officer: User
) -> None:
    client = client_for(city_officer)
    _make(tree, 3, 0)
    few = [_queries(client, page(tree)) for page in PAGES]
    _make(tree, 30, 1)
    many = [_queries(client, page(tree)) for page in PAGES]
    assert many == few
    assert max(many) <= 20


def test_the_detail_page_does_not_grow_with_the_history(tree: Tree, jianning_officer: User) -> None:
    client = client_for(jianning_officer)
    p = factories.petition(tree.jianning, persons=5)
    p = actions.accept(p, version=p.version, actor=staff_actor(), on=date(2018, 3, 2))
    p = actions.assign(
        p,
        version=p.version,
        actor=staff_actor(),
        on=date(2018, 3, 2),
        unit=tree.jianning,
        handler="甲",
    )
    url = reverse("rights:petition_detail", args=[p.pk])
    short = _queries(client, url)
    for day in range(3, 9):  # five reassignments and more petitioners' repeats
        p = actions.assign(
            p,
            version=p.version,
            actor=staff_actor(),
            on=date(2018, 3, day),
            unit=tree.jianning,
            handler=f"承办人{day}",
        )
        factories.petition(tree.jianning, received_on=date(2018, 3, day))
    assert _queries(client, url) == short <= 20
