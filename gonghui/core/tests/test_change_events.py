"""Every audited action is declared once (gonghui.core.events) with whose records it changes,
and cached figures go stale by those declarations, not by how the action is spelled."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.test import override_settings
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core import audit, events, figure_cache
from gonghui.core.models import AuditEntry
from gonghui.dashboard import collect

SOURCE = Path(__file__).resolve().parents[2]  # the gonghui package
MODULES = ("hardship", "matching", "rights", "unions", "funds", "facilities", "honors", "orgs")


def _pattern(node: ast.expr) -> str:
    """A regex of the action names an `audit.record` argument can be."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.IfExp):
        return f"(?:{_pattern(node.body)}|{_pattern(node.orelse)})"
    if isinstance(node, ast.FormattedValue):
        return _pattern(node.value) if isinstance(node.value, ast.IfExp) else "[a-z_]+"
    if isinstance(node, ast.JoinedStr):
        return "".join(_pattern(part) for part in node.values)
    raise AssertionError(f"an audited action spelled as {ast.unparse(node)}: use a literal")


def _recorded(include_tests: bool) -> dict[str, str]:
    """Each `audit.record(...)` call's action regex, with where it is."""
    found: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if "/migrations/" in str(path) or (not include_tests and "/tests/" in str(path)):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and ast.unparse(node.func) == "audit.record"
                and node.args
                and not ("/tests/" in str(path) and not isinstance(node.args[0], ast.Constant))
            ):
                where = f"{path.relative_to(SOURCE.parent)}:{node.lineno}"
                found[_pattern(node.args[0])] = where
    return found


def test_the_code_records_audited_actions_somewhere() -> None:
    assert len(_recorded(include_tests=False)) > 60  # the scan finds the call sites


def test_every_audited_action_in_the_code_is_declared() -> None:
    undeclared = {
        where: pattern
        for pattern, where in _recorded(include_tests=True).items()
        if not any(re.fullmatch(pattern, name) for name in events.EVENTS)
    }
    assert not undeclared, f"declare these in gonghui/core/events.py: {undeclared}"


def test_every_declared_event_is_recorded_somewhere() -> None:
    patterns = list(_recorded(include_tests=True))
    unused = [n for n in events.EVENTS if not any(re.fullmatch(p, n) for p in patterns)]
    assert not unused, f"declared but never recorded: {unused}"


def test_every_value_of_the_enums_actions_are_named_by_is_declared() -> None:
    from gonghui.hardship.models import CloseKind
    from gonghui.matching.models import FlagState
    from gonghui.rights.models.petitions import EventKind

    spelled = {
        *(f"hardship.household_{kind}" for kind in CloseKind.values),
        *(f"matching.flag_{state}" for state in FlagState.values if state != FlagState.OPEN),
        # Linking a repeat and registering are recorded by their own calls, not by _transition.
        *(f"rights.petition.{kind}" for kind in EventKind.values if kind != EventKind.LINKED),
    }
    assert spelled - set(events.EVENTS) == set()


def test_every_declared_write_names_installed_modules() -> None:
    labels = {config.label for config in apps.get_app_configs()}
    named = {m for e in events.EVENTS.values() for m in e.changes or ()}
    assert named <= labels


def test_an_undeclared_action_is_refused_before_anything_is_logged(db: None) -> None:
    misspelt = "hardship.archive_exportd"  # a name, not a literal: the scan above skips it
    with pytest.raises(events.UndeclaredEvent, match=misspelt):
        audit.record(misspelt)
    assert not AuditEntry.objects.exists()


@override_settings(GONGHUI_STRICT_EVENTS=False)
def test_in_production_an_undeclared_action_is_logged_and_makes_everything_stale(
    tree, caplog
) -> None:
    snapshot = figure_cache.snapshot()
    before = {m: snapshot.of(m) for m in MODULES}
    new = "rights.something_new"  # a name, not a literal: the scan above skips it
    audit.record(new)
    snapshot = figure_cache.snapshot()
    assert all(snapshot.of(m) != before[m] for m in MODULES)
    assert new in caplog.text
    assert AuditEntry.objects.filter(action=new).exists()


def _hardship_versions() -> dict[str, str]:
    snapshot = figure_cache.snapshot()
    return {m: snapshot.of(m) for m in ("hardship", "matching")}


def test_exporting_the_archive_leaves_the_hardship_figures_cached(tree, jianning_officer) -> None:
    client = client_for(jianning_officer)
    as_of = date(2018, 6, 30)
    collect.figures(tree.jianning, as_of)  # the hardship figures, cached
    before = _hardship_versions()
    response = client.get(reverse("hardship:archive_export"))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="hardship.archive_exported").exists()
    # `hardship.archive_exported` (an underscore, not ".exported") used to wipe them all.
    assert _hardship_versions() == before


def test_a_write_event_makes_stale_only_the_figures_that_read_its_module(tree) -> None:
    snapshot = figure_cache.snapshot()
    before = {m: snapshot.of(m) for m in MODULES}
    audit.record("funds.plan_set", org=tree.jianning)
    snapshot = figure_cache.snapshot()
    stale = {m for m in MODULES if snapshot.of(m) != before[m]}
    assert stale == {"funds", "unions"}  # unions' figures read the dues (figures_read)


def test_a_read_event_makes_nothing_stale(tree) -> None:
    before = figure_cache.current()
    audit.record("supervision.overview.exported", org=tree.city)
    audit.record("job.downloaded", org=tree.city)
    assert figure_cache.current() == before
