"""One key for every cached figure: the code version (a deploy never serves the figures of
old rules) and the database's install id (a restore, or a second database sharing the cache,
never meets another database's figures), besides the data versions."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from gonghui.core import figure_cache
from gonghui.core.models import DataVersion
from gonghui.dashboard import collect
from gonghui.rights.models import Petition
from gonghui.rights.tests import factories

pytestmark = pytest.mark.django_db
AS_OF = date(2018, 6, 30)


def test_a_deploy_that_changes_the_code_version_never_serves_the_old_rules_figure(tree) -> None:
    version = figure_cache.current("rights")
    with override_settings(GONGHUI_CODE_VERSION="release-41"):
        assert figure_cache.cached("rights.rule", version, lambda: "old rule") == "old rule"
    with override_settings(GONGHUI_CODE_VERSION="release-42"):
        assert figure_cache.cached("rights.rule", version, lambda: "new rule") == "new rule"


def test_without_a_set_code_version_the_source_digest_keys_the_figures(tmp_path: Path) -> None:
    (tmp_path / "indicators.py").write_text("RULE = 1\n", encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("x = 1\n", encoding="utf-8")
    first = figure_cache.source_digest(tmp_path)
    (tmp_path / "tests" / "test_x.py").write_text("x = 2\n", encoding="utf-8")
    assert figure_cache.source_digest(tmp_path) == first  # tests compute no figure
    (tmp_path / "indicators.py").write_text("RULE = 2\n", encoding="utf-8")
    assert figure_cache.source_digest(tmp_path) != first
    with override_settings(GONGHUI_CODE_VERSION=""):
        assert figure_cache.code_version() == figure_cache.source_digest()


def test_the_install_id_is_made_with_the_database_and_keys_every_stamp(tree) -> None:
    install = DataVersion.objects.get(name=figure_cache.INSTALL).value
    assert install > 2**20
    stamp = f"i{install:x}."
    assert figure_cache.current().startswith(stamp)
    assert figure_cache.current("hardship").startswith(stamp)
    assert figure_cache.snapshot().of("rights").startswith(stamp)


def test_a_database_restored_in_place_under_a_live_cache_never_meets_the_old_figures(
    tree,
) -> None:
    def persons() -> int:
        values = collect.figures(tree.jianning, AS_OF)
        return next(int(v.value) for v in values if v.name == "rights.petition_persons")

    assert persons() == 0
    figure_cache.bump("rights")  # a live database has had rights records before
    backup = dict(DataVersion.objects.values_list("name", "value"))
    # The live database: one write, its figure cached.
    factories.petition(tree.jianning, persons=3, received_on=date(2018, 5, 1))
    assert persons() == 3
    live = figure_cache.current("rights")
    # Restored from the backup (records and version rows as they were), then one other write:
    # the version rows reach the same numbers the live database's figures are cached under.
    Petition.objects.all().delete()
    for name, value in backup.items():
        DataVersion.objects.filter(name=name).update(value=value)
    DataVersion.objects.exclude(name__in=backup).delete()
    factories.petition(tree.jianning, persons=5, received_on=date(2018, 5, 1))
    assert figure_cache.current("rights") == live  # the same key: hence the restore step
    call_command("renew_install_id", stdout=StringIO())
    assert figure_cache.current("rights") != live
    assert persons() == 5


def test_two_databases_sharing_one_cache_never_see_each_others_figures(tree) -> None:
    """The second database is the first one as it was, with an install id of its own (every
    database gets one when it is made, or renews it when restored from another's backup)."""

    def persons() -> int:
        values = collect.figures(tree.jianning, AS_OF)
        return next(int(v.value) for v in values if v.name == "rights.petition_persons")

    assert persons() == 0
    figure_cache.bump("rights")
    made = dict(DataVersion.objects.values_list("name", "value"))
    factories.petition(tree.jianning, persons=3, received_on=date(2018, 5, 1))
    first = figure_cache.current("rights")
    assert persons() == 3

    Petition.objects.all().delete()
    for name, value in made.items():
        DataVersion.objects.filter(name=name).update(value=value)
    DataVersion.objects.exclude(name__in=made).delete()
    figure_cache.renew_install_id()  # the other database's own identity
    factories.petition(tree.jianning, persons=5, received_on=date(2018, 5, 1))
    second = figure_cache.current("rights")
    # Same data versions, another database: only the install id tells them apart.
    assert first.split(".", 1)[1] == second.split(".", 1)[1] and first != second
    assert persons() == 5


@pytest.mark.django_db(transaction=True)
def test_a_version_moves_only_after_its_transaction_commits(tree) -> None:
    """So no reader can cache figures of pre-commit records under the post-commit version."""
    before = figure_cache.current("rights")
    with transaction.atomic():
        factories.petition(tree.jianning, persons=3, received_on=date(2018, 5, 1))
        assert figure_cache.current("rights") == before  # written, not yet committed
    after = figure_cache.current("rights")
    assert after != before
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.petition(tree.jianning, persons=4, received_on=date(2018, 5, 2))
        raise RuntimeError("the transaction rolls back")
    assert figure_cache.current("rights") == after  # nothing was committed


@pytest.mark.django_db(transaction=True)
def test_a_writing_transaction_takes_no_version_row(tree) -> None:
    """The version rows are moved after commit: no writer holds their locks till it commits."""
    with transaction.atomic(), CaptureQueriesContext(connection) as inside:
        factories.petition(tree.jianning, persons=3, received_on=date(2018, 5, 1))
    sql = [q["sql"] for q in inside.captured_queries]
    assert any("rights_petition" in s for s in sql)
    assert not [s for s in sql if "core_dataversion" in s and s.upper().startswith("UPDATE")]
