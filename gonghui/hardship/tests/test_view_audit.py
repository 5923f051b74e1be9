"""Viewing a household page or reading households through the API is audited like a reveal:
who, which households (by id, never an ID number), when."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.api.models import ApiToken
from gonghui.conftest import client_for
from gonghui.core.models import AuditEntry
from gonghui.hardship.tests.conftest import archived, make_id

pytestmark = pytest.mark.usefixtures("standards")


def test_viewing_a_household_page_is_audited_with_who_which_and_when(
    tree, jianning_officer
) -> None:
    head = make_id()
    household = archived(tree.jianning_union, head_id=head)
    url = reverse("hardship:household_detail", args=[household.pk])
    assert client_for(jianning_officer).get(url).status_code == 200
    entry = AuditEntry.objects.filter(action="hardship.household_viewed").get()
    assert entry.actor_id == jianning_officer.pk
    assert (entry.object_type, entry.object_id) == ("hardship.Household", str(household.pk))
    assert entry.detail == {"via": "page", "household": household.pk}
    assert entry.at is not None
    assert head not in str(entry.detail)


def test_a_refused_household_page_is_not_logged_as_a_view(tree, taining_officer) -> None:
    household = archived(tree.jianning_union)
    url = reverse("hardship:household_detail", args=[household.pk])
    assert client_for(taining_officer).get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="hardship.household_viewed").exists()


def test_reading_households_through_the_api_is_audited_with_their_ids(
    tree, jianning_officer
) -> None:
    head = make_id()
    archived(tree.jianning_union, date(2017, 4, 1), head_id=head)
    other = archived(tree.jianning_union, date(2017, 4, 1))
    archived(tree.taining_union, date(2017, 4, 1))
    token = ApiToken.issue(jianning_officer, "测试")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    body = client.get("/api/v1/hardship/households/", {"as_of": "2018-06-30", "limit": 1}).json()
    assert body["count"] == 2 and len(body["items"]) == 1
    listed = AuditEntry.objects.filter(action="hardship.households_viewed").get()
    assert listed.actor_id == jianning_officer.pk
    assert listed.detail["households"] == [body["items"][0]["id"]]
    assert listed.detail["count"] == 1 and listed.detail["via"] == "api"

    assert client.get(f"/api/v1/hardship/households/{other.pk}").status_code == 200
    one = AuditEntry.objects.filter(action="hardship.household_viewed").get()
    assert (one.actor_id, one.object_id, one.detail["via"]) == (
        jianning_officer.pk,
        str(other.pk),
        "api",
    )
    views = AuditEntry.objects.filter(action__endswith="_viewed")
    assert head not in str(list(views.values_list("detail", flat=True)))


def test_audited_views_and_exports_leave_cached_figures_valid(tree, city_officer) -> None:
    from gonghui.core import figure_cache

    household = archived(tree.jianning_union)
    client = client_for(city_officer)
    token = ApiToken.issue(city_officer, "测试")[1]  # (tokens are records of the api module)
    before = figure_cache.snapshot().of("hardship")
    client.get(reverse("hardship:household_detail", args=[household.pk]))
    client.get(reverse("hardship:archive_export"))
    Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/hardship/households/")
    assert AuditEntry.objects.filter(action__endswith="_viewed").count() == 2
    assert figure_cache.snapshot().of("hardship") == before
