"""Background jobs: a document written with progress, the owner's download, failures shown."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core import figure_cache, jobs
from gonghui.core.models import AuditEntry, BackgroundJob

pytestmark = pytest.mark.django_db


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


def _ask_for_briefing(client, org, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    url = f"{reverse('dashboard_briefing')}?org={org.pk}&as_of=2018-06-30"
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url)


def test_the_briefing_is_written_in_the_background_and_the_owner_downloads_it(
    tree, jianning_officer, django_capture_on_commit_callbacks
) -> None:
    client = client_for(jianning_officer)
    response = _ask_for_briefing(client, tree.jianning, django_capture_on_commit_callbacks)

    job = BackgroundJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("job", args=[job.pk])
    assert (job.status, job.percent, job.org, job.params) == (
        "done",
        100,
        tree.jianning,
        {"as_of": "2018-06-30"},
    )
    page = client.get(reverse("job", args=[job.pk]))
    assert reverse("job_download", args=[job.pk]) in page.content.decode()
    download = client.get(reverse("job_download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    assert "attachment" in download["Content-Disposition"]
    text = _docx_text(content)
    assert "建宁" in text and "截至2018年6月30日" in text
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "job.requested" in actions and "job.downloaded" in actions


def test_nobody_else_sees_a_users_document_not_even_the_city(
    tree, jianning_officer, city_officer, django_capture_on_commit_callbacks
) -> None:
    _ask_for_briefing(
        client_for(jianning_officer), tree.jianning, django_capture_on_commit_callbacks
    )
    job = BackgroundJob.objects.get()
    city = client_for(city_officer)
    for name in ("job", "job_progress", "job_download"):
        assert city.get(reverse(name, args=[job.pk])).status_code == 404
    assert job.title not in city.get(reverse("jobs")).content.decode()


def test_a_county_cannot_ask_for_a_sibling_countys_briefing(
    tree, taining_officer, django_capture_on_commit_callbacks
) -> None:
    response = _ask_for_briefing(
        client_for(taining_officer), tree.jianning, django_capture_on_commit_callbacks
    )
    assert response.status_code == 404
    assert not BackgroundJob.objects.exists()


def test_a_failed_document_says_so_on_its_page(tree, jianning_officer, monkeypatch) -> None:
    def broken(job, progress):  # type: ignore[no-untyped-def]
        progress("计算各项指标", 30)
        raise ValueError("指标计算出错")

    monkeypatch.setitem(jobs._handlers, "broken", broken)
    job = BackgroundJob.objects.create(
        kind="broken", title="坏文件", org=tree.jianning, requested_by=jianning_officer
    )
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert (job.status, job.stage, job.error) == (
        "failed",
        "计算各项指标",
        "处理失败：指标计算出错",
    )
    page = client_for(jianning_officer).get(reverse("job_progress", args=[job.pk]))
    assert "处理失败：指标计算出错" in page.content.decode()
    assert "hx-trigger" not in page.content.decode()  # a finished job is not polled


def test_a_job_runs_once_even_if_enqueued_twice(tree, jianning_officer) -> None:
    job = BackgroundJob.objects.create(
        kind="briefing",
        title="建宁",
        org=tree.jianning,
        requested_by=jianning_officer,
        params={"as_of": "2018-06-30"},
    )
    assert jobs.run(job.pk) == "done"
    assert jobs.run(job.pk) == "skipped"


def test_asking_for_and_downloading_documents_leaves_cached_figures_valid(
    tree, jianning_officer, django_capture_on_commit_callbacks
) -> None:
    before = figure_cache.current()
    client = client_for(jianning_officer)
    _ask_for_briefing(client, tree.jianning, django_capture_on_commit_callbacks)
    job = BackgroundJob.objects.get()
    client.get(reverse("job_download", args=[job.pk]))
    assert figure_cache.current() == before
