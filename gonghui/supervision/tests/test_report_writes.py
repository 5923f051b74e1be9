"""Quarterly report writes: a stale save is refused; a refused attachment leaves nothing behind."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core.models import AuditEntry
from gonghui.core.stored_files import files_or_nothing
from gonghui.orgs.models import User
from gonghui.supervision import actions
from gonghui.supervision.models import Assignment, QuarterlyReport, ReportAttachment, ReportEvent
from gonghui.supervision.tests.helpers import make_plan, make_task

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def assignment(tree) -> Assignment:  # type: ignore[no-untyped-def]
    task = make_task(make_plan(tree.city), units=(tree.jianning,))
    return task.assignments.get(org=tree.jianning)


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def _edit_url(assignment: Assignment) -> str:
    return reverse("supervision:report_edit", args=[assignment.pk, 2018, 2])


def _opened(client: Client, url: str) -> str:
    """Open the edit page as a browser would and return the version it carries."""
    page = client.get(url).content.decode()
    match = re.search(r'name="version" value="(\d+)"', page)
    assert match, "the edit page carries the report's version"
    return match.group(1)


@pytest.mark.parametrize("existing", [False, True], ids=["new report", "existing draft"])
def test_two_sessions_on_one_draft_the_second_save_is_refused(
    existing: bool, assignment: Assignment, jianning_officer: User
) -> None:
    if existing:
        client_for(jianning_officer).post(
            _edit_url(assignment), {"progress": "10", "done_text": "初稿", "version": "0"}
        )
    first, second = client_for(jianning_officer), client_for(jianning_officer)
    url = _edit_url(assignment)
    seen_first, seen_second = _opened(first, url), _opened(second, url)

    ok = first.post(url, {"progress": "40", "done_text": "甲的内容", "version": seen_first})
    assert ok.status_code == 302
    stale = second.post(url, {"progress": "60", "done_text": "乙的内容", "version": seen_second})

    assert stale.status_code == 409
    body = stale.content.decode()
    assert "已被他人修改" in body and "本次未保存" in body
    report = QuarterlyReport.objects.get(assignment=assignment)
    assert report.done_text == "甲的内容" and report.progress == 40
    assert "乙的内容" in body  # the refused text is still on the page, to copy from


def test_the_api_refuses_a_save_made_from_an_outdated_read(
    assignment: Assignment, jianning_officer: User
) -> None:
    from gonghui.api.models import ApiToken

    token = ApiToken.issue(jianning_officer, "测试")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client()
    url = f"/api/v1/supervision/assignments/{assignment.pk}/reports"
    body = {"year": 2018, "quarter": 2, "progress": 30, "done_text": "甲", "submit": False}
    first = client.post(url, json.dumps(body | {"version": 0}), "application/json", **headers)
    assert first.status_code == 201 and first.json()["version"] == 1
    again = client.post(
        url, json.dumps(body | {"done_text": "乙", "version": 0}), "application/json", **headers
    )
    assert again.status_code == 409
    assert "已被他人修改" in again.json()["error"]["message"]
    assert QuarterlyReport.objects.get(assignment=assignment).done_text == "甲"
    fresh = client.post(
        url, json.dumps(body | {"done_text": "乙", "version": 1}), "application/json", **headers
    )
    assert fresh.status_code == 201 and fresh.json()["done_text"] == "乙"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("报告.pdf", b"<html>not a pdf</html>"),
        ("报告.exe", b"MZ\x90\x00"),
        ("报告.docx", b"%PDF-1.4"),
    ],
)
def test_a_refused_attachment_on_a_fresh_quarter_writes_nothing(
    name: str, content: bytes, assignment: Assignment, jianning_officer: User, media: Path
) -> None:
    client = client_for(jianning_officer)
    before = AuditEntry.objects.count()
    response = client.post(
        _edit_url(assignment),
        {
            "progress": "40",
            "done_text": "已完成",
            "version": "0",
            "attachment": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 400
    assert not QuarterlyReport.objects.filter(assignment=assignment).exists()
    assert not ReportEvent.objects.exists()
    assert AuditEntry.objects.count() == before
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_a_good_attachment_is_saved_with_the_report(
    assignment: Assignment, jianning_officer: User, media: Path
) -> None:
    response = client_for(jianning_officer).post(
        _edit_url(assignment),
        {
            "progress": "40",
            "done_text": "已完成",
            "version": "0",
            "attachment": SimpleUploadedFile("纪要.pdf", PDF),
        },
    )
    assert response.status_code == 302
    attachment = ReportAttachment.objects.get()
    assert (media / attachment.file.name).read_bytes() == PDF


def test_a_rolled_back_report_takes_its_stored_file_with_it(
    assignment: Assignment, jianning_officer: User, media: Path
) -> None:
    from decimal import Decimal

    class Refused(Exception):
        pass

    with pytest.raises(Refused), files_or_nothing():
        report = actions.save_report(
            assignment,
            jianning_officer,
            2018,
            2,
            actions.ReportContent(progress=Decimal(40), done_text="x"),
        )
        stored = actions.attach_file(report, jianning_officer, SimpleUploadedFile("a.pdf", PDF))
        assert (media / stored.file.name).exists()
        raise Refused  # anything after the file was stored, before the commit
    assert not QuarterlyReport.objects.exists() and not ReportAttachment.objects.exists()
    assert not (media / stored.file.name).exists()


def test_a_milestone_marked_done_meanwhile_is_not_overwritten(
    assignment: Assignment, jianning_officer: User
) -> None:
    from datetime import date

    from gonghui.supervision.models import Milestone

    milestone = Milestone.objects.create(
        assignment=assignment, title="印发实施方案", due_on=date(2018, 3, 31)
    )
    url = reverse("supervision:milestone_done", args=[milestone.pk])
    first, second = client_for(jianning_officer), client_for(jianning_officer)
    first.post(url, {"done_on": "2018-03-20", "evidence": "建工〔2018〕5号"})
    page = second.post(url, {"done_on": "2018-03-28", "evidence": "另一份"}, follow=True)
    assert "已被他人于2018-03-20标记完成" in page.content.decode()
    milestone.refresh_from_db()
    assert milestone.done_on == date(2018, 3, 20) and milestone.evidence == "建工〔2018〕5号"
