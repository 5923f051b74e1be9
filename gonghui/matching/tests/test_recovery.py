"""A comparison whose worker died frees its list; lists never compared expire."""
# ruff: noqa: F811  (`people` is test_flow's fixture, imported to be used here)

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gonghui.conftest import client_for
from gonghui.core.models import AuditEntry
from gonghui.matching import actions, runs
from gonghui.matching.models import ComparisonRun, ReferenceList, RunStatus
from gonghui.matching.tests.test_flow import csv_bytes, death_rows, people, upload  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path / "var"


def _mapped_list(client: Any, people: dict[str, Any]) -> ReferenceList:
    upload(client, csv_bytes(death_rows(people)))
    ref = ReferenceList.objects.get()
    client.post(
        reverse("matching:mapping", args=[ref.pk]),
        {"id": "身份证号", "name": "姓名", "birth_date": "出生日期", "action": "preview"},
    )
    ref.refresh_from_db()
    assert ref.preview_counts
    return ref


def _killed_run(ref: ReferenceList, user: Any, silent_for: timedelta) -> ComparisonRun:
    """A run as a SIGKILLed worker leaves it: 比对中, reading, its heartbeat stopped."""
    last = timezone.now() - silent_for
    return ComparisonRun.objects.create(
        reference_list=ref,
        org=ref.org,
        as_of=timezone.localdate(),
        started_by=user,
        status=RunStatus.RUNNING,
        stage="read",
        started_at=last,
        heartbeat_at=last,
    )


def test_a_run_whose_worker_died_is_failed_and_its_list_can_be_compared_again(
    city_officer, people, settings, django_capture_on_commit_callbacks
) -> None:
    settings.GONGHUI_JOB_STALE_SECONDS = 120
    client = client_for(city_officer)
    ref = _mapped_list(client, people)
    killed = _killed_run(ref, city_officer, timedelta(seconds=121))
    with pytest.raises(ValidationError, match="正在比对中"):
        actions.start_run(city_officer, ref)

    call_command("reap_jobs", stdout=io.StringIO())

    killed.refresh_from_db()
    assert killed.status == RunStatus.FAILED and "后台处理进程中断" in killed.error
    assert "读取名单" in killed.error
    assert Path(ref.file_path).is_file()  # kept for the next run
    assert AuditEntry.objects.filter(action="matching.run_failed").exists()
    page = client.get(reverse("matching:run_detail", args=[killed.pk])).content.decode()
    assert "后台处理进程中断" in page and reverse("matching:run_again", args=[killed.pk]) in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:run_again", args=[killed.pk]))
    again = ComparisonRun.objects.exclude(pk=killed.pk).get()
    assert response["Location"] == reverse("matching:run_detail", args=[again.pk])
    assert again.status == RunStatus.DONE, again.error
    assert again.counts["flags_exact_id"] == 2


def test_a_run_still_beating_keeps_its_list_locked(city_officer, people, settings) -> None:
    settings.GONGHUI_JOB_STALE_SECONDS = 120
    client = client_for(city_officer)
    ref = _mapped_list(client, people)
    running = _killed_run(ref, city_officer, timedelta(seconds=60))

    call_command("reap_jobs", stdout=io.StringIO())
    client.get(reverse("matching:run_detail", args=[running.pk]))

    running.refresh_from_db()
    assert running.status == RunStatus.RUNNING
    with pytest.raises(ValidationError, match="正在比对中"):
        actions.start_run(city_officer, ref)


def test_the_run_page_itself_fails_a_silent_run(city_officer, people, settings) -> None:
    settings.GONGHUI_JOB_STALE_SECONDS = 60
    client = client_for(city_officer)
    killed = _killed_run(_mapped_list(client, people), city_officer, timedelta(minutes=5))

    fragment = client.get(reverse("matching:run_progress", args=[killed.pk])).content.decode()

    assert 'data-status="failed"' in fragment and "后台处理进程中断" in fragment


def test_a_run_heartbeat_is_written_while_it_works(
    city_officer, people, django_capture_on_commit_callbacks
) -> None:
    client = client_for(city_officer)
    ref = _mapped_list(client, people)
    with django_capture_on_commit_callbacks(execute=True):
        run = actions.start_run(city_officer, ref)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.heartbeat_at is not None


def test_a_run_of_a_requester_moved_away_reads_nothing(
    jianning_officer, tree, people, django_capture_on_commit_callbacks
) -> None:
    client = client_for(jianning_officer)
    ref = _mapped_list(client, people)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        run = actions.start_run(jianning_officer, ref)
    jianning_officer.org = tree.taining
    jianning_officer.save()
    for callback in queued:
        callback()

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "已无权处理“建宁县总工会”的数据" in run.error
    assert not run.flags.exists()


def _age(path: Path, days: float) -> None:
    then = (timezone.now() - timedelta(days=days)).timestamp()
    os.utime(path, (then, then))


def test_lists_never_compared_are_deleted_after_the_retention_period(
    city_officer, people, settings
) -> None:
    settings.GONGHUI_FILE_RETENTION_DAYS = 7
    client = client_for(city_officer)
    upload(client, csv_bytes(death_rows(people)))
    upload(client, csv_bytes(death_rows(people)))
    abandoned, fresh = ReferenceList.objects.order_by("pk")
    ReferenceList.objects.filter(pk=abandoned.pk).update(
        uploaded_at=timezone.now() - timedelta(days=8)
    )
    stray = runs.upload_dir() / "0123abcd.csv"
    stray.write_bytes(b"id\n")
    _age(stray, 8)

    call_command("purge_expired_files", stdout=io.StringIO())

    assert not Path(abandoned.file_path).exists() and not stray.exists()
    assert not ReferenceList.objects.filter(pk=abandoned.pk).exists()
    assert AuditEntry.objects.filter(action="matching.list_abandoned").count() == 1
    assert Path(fresh.file_path).is_file() and ReferenceList.objects.filter(pk=fresh.pk).exists()


def test_an_interrupted_lists_kept_file_expires_but_its_record_stays(
    city_officer, people, settings
) -> None:
    settings.GONGHUI_FILE_RETENTION_DAYS = 7
    settings.GONGHUI_JOB_STALE_SECONDS = 60
    client = client_for(city_officer)
    ref = _mapped_list(client, people)
    killed = _killed_run(ref, city_officer, timedelta(days=9))
    ReferenceList.objects.filter(pk=ref.pk).update(uploaded_at=timezone.now() - timedelta(days=9))
    call_command("reap_jobs", stdout=io.StringIO())

    call_command("purge_expired_files", stdout=io.StringIO())

    ref.refresh_from_db()
    assert ref.file_deleted_at is not None and not Path(ref.file_path).exists()
    page = client.get(reverse("matching:run_detail", args=[killed.pk])).content.decode()
    assert "请重新上传名单" in page


def test_an_uploaded_list_is_readable_by_the_server_user_only(city_officer, people) -> None:
    upload(client_for(city_officer), csv_bytes(death_rows(people)))
    path = Path(ReferenceList.objects.get().file_path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
