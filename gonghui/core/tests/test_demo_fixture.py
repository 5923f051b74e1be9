"""The session's demo (conftest `demo`): loaded once, pristine in every test that asks for it,
never seen by the tests that build their own records, and not emptied by a flush.

The tests of this file run in their order: a demo test that changes the demo, a test without
it, then a demo test that finds the demo as it was loaded.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings

from gonghui.conftest import Tree
from gonghui.core import figure_cache
from gonghui.core.models import DataVersion
from gonghui.hardship.models import Household
from gonghui.orgs.models import Level, Org, User
from gonghui.testing import Demo, DemoDatabase, fingerprint, wants_transactions

NEW_UNION = "演示夹具测试工会委员会"
CHANGED_HEAD = "演示夹具测试户主"


def test_a_demo_test_starts_from_the_loaded_demo_and_may_change_it(demo: Demo) -> None:
    assert demo.fingerprint() == demo.database.fingerprint
    assert demo.city.children.filter(level=Level.COUNTY).count() == 12
    assert demo.user("jianning").org == demo.county("建宁")
    cache.set("demo-fixture-test", 1)

    Org.objects.create(name=NEW_UNION, level=Level.GRASSROOTS, parent=demo.county("建宁"))
    Household.objects.filter(county=demo.county("泰宁")).update(head_name=CHANGED_HEAD)
    figure_cache.bump("hardship")
    changed = demo.fingerprint()
    assert changed != demo.database.fingerprint
    assert changed["data versions"] != demo.database.fingerprint["data versions"]


def test_a_test_without_the_demo_sees_an_empty_database(
    db: None, _demo_database: DemoDatabase
) -> None:
    assert Org.objects.count() == User.objects.count() == Household.objects.count() == 0
    # Only the version rows the migrations make (and the install id), not the demo's.
    versions = dict(DataVersion.objects.values_list("name", "value"))
    assert set(versions) == {figure_cache.ANY, figure_cache.ALL, figure_cache.INSTALL}
    assert versions != _demo_database.fingerprint["data versions"]


def test_a_test_with_its_own_tree_sees_only_its_tree(tree: Tree) -> None:
    assert Org.objects.count() == 7
    assert not Org.objects.filter(name=NEW_UNION).exists()


def test_the_next_demo_test_finds_the_demo_as_loaded(demo: Demo) -> None:
    assert not Org.objects.filter(name=NEW_UNION).exists()
    assert not Household.objects.filter(head_name=CHANGED_HEAD).exists()
    assert demo.fingerprint() == demo.database.fingerprint
    assert cache.get("demo-fixture-test") is None


def test_the_demo_reports_each_part_once(demo: Demo) -> None:
    assert "改革任务25项" in demo.summary("supervision")
    assert demo.report.count("[orgs] ") == 1
    assert "已加载，跳过" not in demo.report


@pytest.mark.django_db
def test_the_demo_and_a_django_db_mark_go_together(demo: Demo) -> None:
    """A module-wide `pytestmark = pytest.mark.django_db` opens the transaction before the
    `demo` fixture runs: the connection must already be the demo's by then."""
    from django.db import connection

    assert connection.in_atomic_block
    assert Org.objects.filter(admin_code="350400").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_test_database_never_the_demo(_demo_database: DemoDatabase) -> None:
    Org.objects.create(name="三明市总工会", level=Level.CITY, admin_code="350400")
    call_command("flush", interactive=False, verbosity=0)
    assert not Org.objects.exists()
    with _demo_database.switched():
        assert fingerprint() == _demo_database.fingerprint


def test_database_backed_property_tests_have_no_deadline() -> None:
    assert hypothesis_settings.default.deadline is None
    assert hypothesis_settings().deadline is None
    assert hypothesis_settings(max_examples=5).deadline is None


@pytest.mark.parametrize(
    ("names", "mark", "flushes"),
    [
        (["db"], pytest.mark.django_db, False),
        (["db"], None, False),
        (["db"], pytest.mark.django_db(transaction=True), True),
        (["db"], pytest.mark.django_db(True), True),
        (["db"], pytest.mark.django_db(reset_sequences=True), True),
        (["transactional_db"], None, True),
        (["live_server"], pytest.mark.django_db, True),
    ],
)
def test_a_demo_test_that_would_flush_the_database_is_told_so(
    names: list[str], mark: pytest.MarkDecorator | None, flushes: bool
) -> None:
    marker = mark.mark if mark is not None else None
    request = SimpleNamespace(
        fixturenames=["demo", *names],
        node=SimpleNamespace(get_closest_marker=lambda name: marker),
    )
    assert wants_transactions(request) is flushes
