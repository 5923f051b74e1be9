"""Jobs whose worker died, jobs whose requester lost the scope, error reports and expiry."""

from __future__ import annotations

import io
import os
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.conftest import client_for
from gonghui.core import jobs, reaper
from gonghui.core.models import AuditEntry, BackgroundJob
from gonghui.core.spreadsheets import write_xlsx
from gonghui.hardship import import_job
from gonghui.hardship.imports import TEMPLATE_HEADERS
from gonghui.hardship.models import Household
from gonghui.hardship.tests.conftest import make_id, standards  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

FULL_ID = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")


def _sheet(rows: list[list[str]]) -> SimpleUploadedFile:
    return SimpleUploadedFile("建宁档案.xlsx", write_xlsx(TEMPLATE_HEADERS, rows, "档案"))


def _row(key: str, relationship: str, name: str, id_number: str, income: str = "600") -> list[str]:
    values = {
        "户编号": key,
        "县（市、区）": "建宁县总工会",
        "家庭住址": "建宁县濉溪镇",
        "档案级别": "县级档",
        "致困原因": "因病",
        "建档日期": "2018-03-01",
        "家庭年刚性支出": "0",
        "与户主关系": relationship,
        "姓名": name,
        "身份证号": id_number,
        "月收入": income,
    }
    return [values.get(h, "") for h in TEMPLATE_HEADERS]


def _queue_import(user: Any, org: Any, rows: list[list[str]]) -> BackgroundJob:
    """An import job as the page queues it, not yet run (its on-commit enqueue is dropped)."""
    return jobs.start(
        user, import_job.KIND, org, "导入困难职工档案：建宁档案.xlsx", upload=_sheet(rows)
    )


def _as_if_its_worker_died(job: BackgroundJob, silent_for: timedelta) -> None:
    """The job as a SIGKILLed worker leaves it: claimed, mid-way, its heartbeat stopped."""
    last = timezone.now() - silent_for
    BackgroundJob.objects.filter(pk=job.pk).update(
        status="running", stage="逐行校验（3行）", percent=15, heartbeat_at=last
    )


def _three_rows() -> list[list[str]]:
    return [
        _row("A1", "本人", "张一", make_id()),
        _row("A1", "子女", "张二", make_id(), "0"),
        _row("B1", "本人", "李一", make_id(), "400"),
    ]


@pytest.mark.usefixtures("standards")
def test_a_job_whose_worker_went_silent_is_failed_with_the_reason_and_runs_again(
    tree, jianning_officer, settings, django_capture_on_commit_callbacks
) -> None:
    settings.GONGHUI_JOB_STALE_SECONDS = 120
    job = _queue_import(jianning_officer, tree.jianning, _three_rows())
    _as_if_its_worker_died(job, timedelta(seconds=121))
    client = client_for(jianning_officer)

    call_command("reap_jobs", stdout=io.StringIO())

    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert "后台处理进程中断" in job.error and "逐行校验" in job.error
    assert job.upload  # kept, so that it can run again
    assert AuditEntry.objects.filter(action="job.interrupted", object_id=str(job.pk)).exists()
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "后台处理进程中断" in page and reverse("job_rerun", args=[job.pk]) in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("job_rerun", args=[job.pk]))
    again = BackgroundJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("job", args=[again.pk])
    assert (again.status, again.rerun_of_id, again.kind) == ("done", job.pk, job.kind), again.result
    assert Household.objects.count() == 2
    job.refresh_from_db()
    assert not job.upload and not again.upload  # read once, then deleted


def test_a_job_still_beating_is_left_alone(tree, jianning_officer, settings) -> None:
    settings.GONGHUI_JOB_STALE_SECONDS = 120
    job = _queue_import(jianning_officer, tree.jianning, _three_rows())
    _as_if_its_worker_died(job, timedelta(seconds=100))

    assert reaper.reap()["jobs"] == 0
    client_for(jianning_officer).get(reverse("job", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == "running" and job.error == ""


def test_the_job_page_itself_fails_a_silent_job(tree, jianning_officer, settings) -> None:
    settings.GONGHUI_JOB_STALE_SECONDS = 60
    job = _queue_import(jianning_officer, tree.jianning, _three_rows())
    _as_if_its_worker_died(job, timedelta(minutes=5))

    progress = client_for(jianning_officer).get(reverse("job_progress", args=[job.pk]))

    assert 'data-status="failed"' in progress.content.decode()
    assert "后台处理进程中断" in progress.content.decode()


def test_a_failed_job_whose_upload_is_gone_says_to_upload_again(
    tree, jianning_officer, settings
) -> None:
    settings.GONGHUI_JOB_STALE_SECONDS = 60
    job = _queue_import(jianning_officer, tree.jianning, _three_rows())
    _as_if_its_worker_died(job, timedelta(minutes=5))
    reaper.reap()
    job.refresh_from_db()
    job.upload.delete()
    client = client_for(jianning_officer)

    page = client.get(reverse("job", args=[job.pk])).content.decode()
    response = client.post(reverse("job_rerun", args=[job.pk]), follow=True)

    assert "请重新上传" in page and reverse("job_rerun", args=[job.pk]) not in page
    assert "原上传文件“建宁档案.xlsx”已删除，请重新上传" in response.content.decode()
    assert BackgroundJob.objects.count() == 1


def test_a_job_of_a_deactivated_requester_writes_nothing(tree, jianning_officer) -> None:
    job = jobs.start(
        jianning_officer, "briefing", tree.jianning, "建宁情况通报", {"as_of": "2018-06-30"}
    )
    jianning_officer.is_active = False
    jianning_officer.save()

    jobs.run(job.pk)

    job.refresh_from_db()
    assert job.status == "failed" and not job.output
    assert "已停用" in job.error and "未写入任何数据" in job.error
    assert AuditEntry.objects.filter(action="job.refused", object_id=str(job.pk)).exists()


def test_a_job_of_a_requester_moved_out_of_its_org_writes_nothing(tree, jianning_officer) -> None:
    briefing = jobs.start(
        jianning_officer, "briefing", tree.jianning, "建宁情况通报", {"as_of": "2018-06-30"}
    )
    sheet = _queue_import(jianning_officer, tree.jianning, _three_rows())
    jianning_officer.org = tree.taining
    jianning_officer.save()

    jobs.run(briefing.pk)
    jobs.run(sheet.pk)

    for job in (briefing, sheet):
        job.refresh_from_db()
        assert job.status == "failed" and not job.output, job.error
        assert "已无权处理“建宁县总工会”的数据" in job.error
    assert Household.objects.count() == 0
    assert not sheet.upload  # the sheet is not read, and not kept either


def test_the_error_report_shows_no_full_id_number(
    tree, jianning_officer, django_capture_on_commit_callbacks
) -> None:
    good, other = make_id(), make_id()
    bad_checksum = good[:-1] + ("0" if good[-1] != "0" else "1")
    rows = [
        _row("A1", "本人", "张一", good),
        _row("B1", "本人", "李一", bad_checksum),
        _row("C1", "本人", "王一", other, "-5"),
    ]
    client = client_for(jianning_officer)
    with django_capture_on_commit_callbacks(execute=True):
        _queue_import(jianning_officer, tree.jianning, rows)
    job = BackgroundJob.objects.get()
    assert job.status == "rejected"

    download = client.get(reverse("job_download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    page = client.get(reverse("job", args=[job.pk])).content.decode()

    assert not [cell for cell in cells if FULL_ID.search(cell)]
    assert good[:6] + "********" + good[-4:] in cells
    assert any("校验位" in cell for cell in cells)  # the error is still said
    assert not FULL_ID.search(page)


def _finished_job_with_output(user: Any, org: Any, finished_days_ago: float) -> BackgroundJob:
    job = BackgroundJob.objects.create(
        kind="briefing",
        title="建宁情况通报",
        org=org,
        requested_by=user,
        status="done",
        filename="通报.docx",
        finished_at=timezone.now() - timedelta(days=finished_days_ago),
    )
    job.output.save("通报.docx", ContentFile(b"document"))
    return job


def test_job_files_expire_after_the_retention_period_and_the_page_says_so(
    tree, jianning_officer, settings
) -> None:
    settings.GONGHUI_FILE_RETENTION_DAYS = 7
    old = _finished_job_with_output(jianning_officer, tree.jianning, 7.1)
    recent = _finished_job_with_output(jianning_officer, tree.jianning, 6.9)
    old_name, recent_name = old.output.name, recent.output.name
    stray = default_storage.save("jobs/out/2018/01/orphan.xlsx", ContentFile(b"rows"))
    eight_days_ago = (timezone.now() - timedelta(days=8)).timestamp()
    os.utime(default_storage.path(stray), (eight_days_ago, eight_days_ago))
    client = client_for(jianning_officer)

    call_command("purge_expired_files", stdout=io.StringIO())

    old.refresh_from_db()
    recent.refresh_from_db()
    assert not default_storage.exists(old_name) and not old.output and old.files_expired_at
    assert default_storage.exists(recent_name) and recent.output and not recent.files_expired_at
    assert not default_storage.exists(stray)
    page = client.get(reverse("job", args=[old.pk])).content.decode()
    assert "按保存期限删除" in page and reverse("job_download", args=[old.pk]) not in page
    assert client.get(reverse("job_download", args=[old.pk])).status_code == 404
    assert "到期自动删除" in client.get(reverse("job", args=[recent.pk])).content.decode()


def test_an_interrupted_jobs_kept_upload_expires_too(tree, jianning_officer, settings) -> None:
    settings.GONGHUI_JOB_STALE_SECONDS = 60
    job = _queue_import(jianning_officer, tree.jianning, _three_rows())
    _as_if_its_worker_died(job, timedelta(days=9))
    reaper.reap(now=timezone.now() - timedelta(days=8))
    job.refresh_from_db()
    name = job.upload.name
    assert job.status == "failed" and default_storage.exists(name)

    call_command("purge_expired_files", stdout=io.StringIO())

    job.refresh_from_db()
    assert not job.upload and not default_storage.exists(name)
    page = client_for(jianning_officer).get(reverse("job", args=[job.pk])).content.decode()
    assert "请重新上传" in page


def test_a_job_queued_for_longer_than_the_retention_period_loses_its_upload(
    tree, jianning_officer, settings
) -> None:
    settings.GONGHUI_FILE_RETENTION_DAYS = 7
    job = _queue_import(jianning_officer, tree.jianning, _three_rows())
    BackgroundJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=8))
    name = job.upload.name

    call_command("purge_expired_files", stdout=io.StringIO())

    job.refresh_from_db()
    assert job.status == "failed" and "请重新上传" in job.error
    assert not job.upload and not default_storage.exists(name)
