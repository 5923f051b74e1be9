"""The door cannot be forgotten: unscoped record queries are refused in strict mode, and one
rule (`may_change`) decides who may change a unit's records."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import override_settings

from gonghui.facilities.models import ConstructionProject, ProjectKind, ProjectStage, Stage
from gonghui.orgs.scoping import (
    ScopeError,
    get_for_user_to_change_or_404,
    may_change,
)

strict = override_settings(GONGHUI_STRICT_SCOPES="raise", GONGHUI_STRICT_SCOPE_APPS=("facilities",))


@pytest.fixture
def project(tree):
    project = ConstructionProject.objects.create(
        org=tree.jianning, kind=ProjectKind.PALACE, name="建宁县工人文化宫"
    )
    ProjectStage.objects.create(project=project, stage=Stage.PLANNED, reached_on=date(2024, 1, 5))
    return project


@strict
@pytest.mark.parametrize(
    "run",
    [
        lambda: list(ConstructionProject.objects.all()),
        lambda: ConstructionProject.objects.filter(name__contains="文化宫").count(),
        lambda: ConstructionProject.objects.exists(),
        lambda: ConstructionProject.objects.get(name="建宁县工人文化宫"),
        lambda: ConstructionProject.objects.first(),
        lambda: ConstructionProject.objects.values_list("name", flat=True)[0],
        lambda: ConstructionProject.objects.update(place="濉溪镇"),
        lambda: ConstructionProject.objects.filter(name="无").delete(),
        lambda: list(ProjectStage.objects.filter(stage=Stage.PLANNED)),
    ],
    ids=["list", "count", "exists", "get", "first", "values", "update", "delete", "child"],
)
def test_an_unscoped_query_on_a_record_model_raises_in_strict_mode(project, run) -> None:
    with pytest.raises(ScopeError, match="unscoped query on facilities"):
        run()


@strict
def test_queries_that_went_through_the_door_or_say_why_run_in_strict_mode(
    project, tree, jianning_officer, taining_officer
) -> None:
    assert list(ConstructionProject.objects.for_user(jianning_officer)) == [project]
    assert ConstructionProject.objects.for_user(taining_officer).count() == 0
    assert ConstructionProject.objects.in_org(tree.city).filter(name__contains="文化宫").exists()
    assert ProjectStage.objects.in_org(tree.jianning).count() == 1
    reasoned = ConstructionProject.objects.unscoped(reason="uniqueness check across the city")
    assert reasoned.filter(name="建宁县工人文化宫").count() == 1
    # A related manager of an object that came through the door counts as scoped.
    fetched = ConstructionProject.objects.for_user(jianning_officer).get()
    assert [s.stage for s in fetched.stages.all()] == [Stage.PLANNED]
    prefetched = ConstructionProject.objects.for_user(jianning_officer).prefetch_related("stages")
    assert [s.stage for p in prefetched for s in p.stages.all()] == [Stage.PLANNED]


def test_unscoped_needs_a_reason(tree) -> None:
    with pytest.raises(ValueError):
        ConstructionProject.objects.unscoped(reason=" ")


def test_warn_mode_logs_the_call_site_instead_of_raising(project, caplog) -> None:
    warn = override_settings(
        GONGHUI_STRICT_SCOPES="warn", GONGHUI_STRICT_SCOPE_APPS=("facilities",)
    )
    with warn, caplog.at_level("WARNING"):
        assert ConstructionProject.objects.filter(pk=project.pk).count() == 1
    assert "unscoped query on facilities.ConstructionProject" in caplog.text
    assert "test_scoped_by_default.py" in caplog.text


def test_only_officers_of_a_containing_org_may_change(
    tree, city_officer, jianning_officer, taining_officer, worker, lawyer
) -> None:
    assert may_change(city_officer, tree.jianning_union)
    assert may_change(jianning_officer, tree.jianning_union)
    assert not may_change(taining_officer, tree.jianning_union)
    assert not may_change(jianning_officer, tree.city)
    assert not may_change(None, tree.jianning_union)
    assert not may_change(AnonymousUser(), tree.jianning_union)
    assert not may_change(worker, tree.jianning_union)
    assert not may_change(lawyer, tree.jianning_union)
    assert not may_change(jianning_officer, None)
    jianning_officer.is_active = False
    assert not may_change(jianning_officer, tree.jianning_union)


def test_the_write_getter_is_a_404_outside_and_a_403_without_the_right(
    project, jianning_officer, taining_officer
) -> None:
    assert get_for_user_to_change_or_404(ConstructionProject, jianning_officer, pk=project.pk)
    with pytest.raises(Http404):
        get_for_user_to_change_or_404(ConstructionProject, taining_officer, pk=project.pk)
    stage = project.stages.get()
    assert get_for_user_to_change_or_404(ProjectStage, jianning_officer, pk=stage.pk) == stage


@strict
def test_the_sysadmin_pages_of_a_strict_app_say_why_they_show_every_row(project, tree) -> None:
    from django.urls import reverse

    from gonghui.conftest import client_for, staff_actor

    client = client_for(staff_actor())
    changelist = reverse("admin:facilities_constructionproject_changelist")
    assert client.get(changelist).status_code == 200
    change = reverse("admin:facilities_constructionproject_change", args=[project.pk])
    assert client.get(change).status_code == 200
