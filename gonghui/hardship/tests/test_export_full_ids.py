"""The full-ID export is a deliberate act: a right, a reason, a POST, an audit entry, a job."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.conftest import client_for, make_user
from gonghui.core import jobs
from gonghui.core.models import AuditEntry, BackgroundJob
from gonghui.hardship.tests.conftest import archived, make_id
from gonghui.orgs.models import Role, User

pytestmark = pytest.mark.usefixtures("standards")
AS_OF = "?as_of=2018-06-30"
URL = reverse("hardship:archive_export_full")


def _cells(content: bytes) -> list[object]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [c.value for row in sheet.iter_rows() for c in row]


@pytest.fixture
def exporter(tree) -> User:
    return make_user("exporter", tree.city, Role.OFFICER, may_export_ids=True)


def test_the_plain_export_link_gives_a_masked_file_to_the_city_and_the_admin(tree) -> None:
    head = make_id()
    archived(tree.jianning_union, head_id=head)
    for user in (
        make_user("auditor", tree.city, Role.OFFICER, may_reveal_ids=True),
        make_user("root", tree.city, Role.ADMINISTRATOR, is_superuser=True, is_staff=True),
    ):
        response = client_for(user).get(reverse("hardship:archive_export") + AS_OF)
        cells = _cells(response.content)
        assert head not in cells
        assert head[:6] + "********" + head[-4:] in cells


def test_asking_for_full_ids_without_the_right_is_refused_and_audited(
    tree, city_officer, django_capture_on_commit_callbacks
) -> None:
    archived(tree.jianning_union)
    revealer = make_user("auditor", tree.city, Role.OFFICER, may_reveal_ids=True)
    admin = make_user("root", tree.city, Role.ADMINISTRATOR, is_superuser=True, is_staff=True)
    for user in (city_officer, revealer, admin):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(user).post(URL + AS_OF, {"reason": "报送民政部门"})
        assert response.status_code == 403
    assert not BackgroundJob.objects.exists()
    assert AuditEntry.objects.filter(action="hardship.full_id_export_refused").count() == 3


def test_a_full_id_export_needs_a_reason(tree, exporter) -> None:
    archived(tree.jianning_union)
    response = client_for(exporter).post(URL + AS_OF, {"reason": "  "})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert not BackgroundJob.objects.exists()


def test_the_full_id_export_is_a_get_free_form(tree, exporter) -> None:
    archived(tree.jianning_union)
    response = client_for(exporter).get(URL + AS_OF + "&county=" + str(tree.jianning.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="reason"' in body and "共 1 户" in body
    assert not BackgroundJob.objects.exists()


def test_the_full_id_export_runs_as_a_job_audited_and_only_the_requester_downloads_it(
    tree, exporter, city_officer, django_capture_on_commit_callbacks
) -> None:
    jianning_head, taining_head = make_id(), make_id("350429")
    mine = archived(tree.jianning_union, head_id=jianning_head)
    theirs = archived(tree.taining_union, head_id=taining_head)
    client = client_for(exporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL + AS_OF, {"reason": "报送民政部门", "status": "open"})

    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job", args=[job.pk])
    assert job.status == "done", job.error
    download = client.get(reverse("job_download", args=[job.pk]))
    cells = _cells(b"".join(download.streaming_content))
    assert jianning_head in cells and taining_head in cells

    requested = AuditEntry.objects.get(action="hardship.full_id_export_requested")
    assert requested.actor_id == exporter.pk
    assert requested.detail["reason"] == "报送民政部门"
    assert requested.detail["count"] == 2
    assert sorted(requested.detail["households"]) == sorted([mine.pk, theirs.pk])
    exported = AuditEntry.objects.get(action="hardship.full_ids_exported")
    assert sorted(exported.detail["households"]) == sorted([mine.pk, theirs.pk])
    every_detail = str(list(AuditEntry.objects.values_list("detail", flat=True)))
    assert jianning_head not in every_detail and taining_head not in every_detail
    # Nobody else downloads it, not even the city.
    assert client_for(city_officer).get(reverse("job_download", args=[job.pk])).status_code == 404


def test_the_full_id_export_follows_the_requesters_scope_and_filters(
    tree, django_capture_on_commit_callbacks
) -> None:
    county_exporter = make_user("jn-exporter", tree.jianning, Role.OFFICER, may_export_ids=True)
    jianning_head, taining_head = make_id(), make_id("350429")
    archived(tree.jianning_union, head_id=jianning_head)
    archived(tree.taining_union, head_id=taining_head)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(county_exporter).post(URL + AS_OF, {"reason": "核对"})
    job = BackgroundJob.objects.get()
    with job.output.open("rb") as output:
        cells = _cells(output.read())
    assert jianning_head in cells and taining_head not in cells


def test_a_requester_who_lost_the_right_before_the_job_ran_gets_no_file(
    tree, exporter, django_capture_on_commit_callbacks
) -> None:
    archived(tree.jianning_union)
    client_for(exporter).post(URL + AS_OF, {"reason": "核对"})  # queued, not run yet
    job = BackgroundJob.objects.get()
    User.objects.filter(pk=exporter.pk).update(may_export_ids=False)
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert not job.output
    assert not AuditEntry.objects.filter(action="hardship.full_ids_exported").exists()


def test_a_superuser_granted_the_right_exports_even_without_an_org(
    tree, django_capture_on_commit_callbacks
) -> None:
    head = make_id()
    archived(tree.jianning_union, head_id=head)
    admin = User.objects.create_superuser("root", password="x", may_export_ids=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(URL + AS_OF, {"reason": "核对"})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and (job.status, job.org) == ("done", tree.city)
    with job.output.open("rb") as output:
        assert head in _cells(output.read())
