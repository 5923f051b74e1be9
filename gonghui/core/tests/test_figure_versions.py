"""Figures are cached per module: a change of one module's records makes stale exactly the
figures that read them (its own, those declaring it in `figures_read`, and those that read
everything), and the declarations cover what the modules' code imports."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps

from gonghui.conftest import staff_actor
from gonghui.core import figure_cache
from gonghui.core.models import DemoPart
from gonghui.dashboard import collect

pytestmark = pytest.mark.django_db

MODULES = (
    "hardship",
    "matching",
    "rights",
    "unions",
    "funds",
    "facilities",
    "honors",
    "orgs",
    "supervision",
)


def _versions() -> dict[str, str]:
    snapshot = figure_cache.snapshot()
    return {m: snapshot.of(m) for m in MODULES}


def _petition(tree):  # type: ignore[no-untyped-def]
    from gonghui.rights.actions import PetitionerData, register_petition
    from gonghui.rights.models import Channel

    return register_petition(
        actor=staff_actor(),
        org=tree.jianning,
        channel=Channel.VISIT,
        received_on=date(2018, 6, 1),
        persons=3,
        matter="wages",
        content="拖欠工资",
        petitioners=[PetitionerData("王五", "13800000000", "")],
        employer_name="建宁某厂",
    )


def test_a_new_petition_changes_the_rights_figures_and_leaves_the_hardship_ones_cached(
    tree,
) -> None:
    before = _versions()
    _petition(tree)
    after = _versions()
    changed = {m for m in after if after[m] != before[m]}
    assert changed == {"rights"}


def test_supervision_figures_read_the_modules_its_tasks_are_measured_by(tree) -> None:
    from gonghui.supervision.models import Task, WorkPlan

    plan = WorkPlan.objects.create(org=tree.city, year=2018, title="2018年重点工作")
    Task.objects.create(
        plan=plan,
        title="信访件数",
        start=date(2018, 1, 1),
        deadline=date(2018, 11, 30),
        indicator_name="rights.petition_cases",
    )
    before = _versions()
    _petition(tree)
    after = _versions()
    assert {m for m in after if after[m] != before[m]} == {"rights", "supervision"}


def test_the_rights_figure_on_the_dashboard_counts_the_new_petition(tree) -> None:
    def cases() -> object:
        values = collect.figures(tree.jianning, date(2018, 6, 30))
        return next(v.value for v in values if v.name == "rights.petition_cases")

    assert cases() == 0
    _petition(tree)
    assert cases() == 1


def test_a_change_of_an_org_makes_every_modules_figures_stale(tree) -> None:
    before = _versions()
    tree.jianning_union.name = "建宁县某某工会"
    tree.jianning_union.save()
    after = _versions()
    assert all(after[m] != before[m] for m in after)


def test_a_change_no_module_can_be_named_for_makes_everything_stale(tree) -> None:
    before = _versions()
    DemoPart.objects.create(name="test")
    after = _versions()
    assert all(after[m] != before[m] for m in after)


IMPORT = re.compile(r"^\s*from gonghui\.(\w+)", re.MULTILINE)
# Code that does not compute figures or findings: pages, forms, demo data, the API, writes.
NOT_FIGURES = re.compile(
    r"(/tests/|/views|/migrations/|/management/|/templatetags/|forms|admin|demo|api|urls|"
    r"actions|bench|handoff|imports?\.py|import_job|apps\.py|tasks|engine|runs|flagwrite|"
    r"archive\.py|decrypt|listfile|idsql)"
)
IGNORED = {"core", "conftest", "api", "settings"}


@pytest.mark.parametrize("module", MODULES)
def test_a_modules_figures_read_declares_every_module_its_figure_code_imports(module) -> None:
    declared = {module, *figure_cache.figures_read(module)}
    imported: dict[str, set[str]] = {}
    for path in Path(apps.get_app_config(module).path).rglob("*.py"):
        if NOT_FIGURES.search(str(path)):
            continue
        for other in IMPORT.findall(path.read_text(encoding="utf-8")):
            imported.setdefault(other, set()).add(path.name)
    missing = {m: files for m, files in imported.items() if m not in declared | IGNORED}
    assert not missing, f"{module} figures import {missing}; add them to figures_read"


def test_versions_start_at_random_so_a_new_database_meets_no_old_cached_figures() -> None:
    snapshot = figure_cache.snapshot()
    assert snapshot.any > 2**20
    assert figure_cache.fresh_value() != figure_cache.fresh_value()
