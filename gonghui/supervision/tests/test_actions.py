"""Reports through their states: who may do what, and what each act leaves behind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.models import AuditEntry
from gonghui.supervision import actions
from gonghui.supervision.actions import ReportContent
from gonghui.supervision.models import Reminder, ReminderKind, ReportState
from gonghui.supervision.tests.helpers import make_plan, make_task, submitted

pytestmark = pytest.mark.django_db

Q2 = date(2018, 6, 25)


@pytest.fixture
def task(tree, city_officer):  # type: ignore[no-untyped-def]
    return make_task(make_plan(tree.city), units=(tree.jianning, tree.taining))


@pytest.fixture
def jianning_assignment(task, tree):  # type: ignore[no-untyped-def]
    return task.assignments.get(org=tree.jianning)


def test_a_county_officer_submits_its_own_report(jianning_assignment, jianning_officer) -> None:
    report = submitted(jianning_assignment, jianning_officer, 2, 45, Q2)
    assert report.state == ReportState.SUBMITTED
    assert report.submitted_on == report.first_submitted_on == Q2
    assert report.author == jianning_officer
    assert AuditEntry.objects.filter(action="supervision.report.submitted").count() == 1
    assert [e.action for e in report.events.all()] == ["saved", "submitted"]


def test_a_sibling_county_cannot_report_on_jianning(jianning_assignment, taining_officer) -> None:
    with pytest.raises(PermissionDenied):
        submitted(jianning_assignment, taining_officer, 2, 45, Q2)
    assert not jianning_assignment.reports.exists()
    assert AuditEntry.objects.filter(action="access.refused").exists()


def test_the_city_does_not_report_for_a_county(jianning_assignment, city_officer) -> None:
    with pytest.raises(PermissionDenied):
        submitted(jianning_assignment, city_officer, 2, 45, Q2)


def test_only_the_task_owners_org_reviews(jianning_assignment, jianning_officer, city_officer):  # type: ignore[no-untyped-def]
    report = submitted(jianning_assignment, jianning_officer, 2, 45, Q2)
    with pytest.raises(PermissionDenied):
        actions.accept_report(report, jianning_officer)
    accepted = actions.accept_report(report, city_officer, on=date(2018, 6, 28))
    assert accepted.state == ReportState.ACCEPTED
    assert accepted.accepted_on == date(2018, 6, 28)
    assert accepted.reviewed_by == city_officer


def test_return_then_resubmit_then_accept(jianning_assignment, jianning_officer, city_officer):  # type: ignore[no-untyped-def]
    report = submitted(jianning_assignment, jianning_officer, 2, 45, Q2)
    returned = actions.return_report(report, city_officer, "附件缺少会议纪要", on=date(2018, 6, 26))
    assert returned.state == ReportState.RETURNED
    assert returned.review_comment == "附件缺少会议纪要"
    # It goes back to its author: a reminder addressed to them.
    notice = Reminder.objects.get(kind=ReminderKind.RETURNED)
    assert notice.user == jianning_officer
    assert "附件缺少会议纪要" in notice.message
    fixed = actions.save_report(
        jianning_assignment,
        jianning_officer,
        2018,
        2,
        ReportContent(progress=Decimal(48), done_text="补充会议纪要"),
        on=date(2018, 6, 27),
    )
    again = actions.resubmit_report(fixed, jianning_officer, on=date(2018, 6, 27))
    assert again.state == ReportState.RESUBMITTED
    assert again.first_submitted_on == Q2 and again.submitted_on == date(2018, 6, 27)
    done = actions.accept_report(again, city_officer, on=date(2018, 6, 29))
    assert done.state == ReportState.ACCEPTED
    assert [e.action for e in done.events.all()] == [
        "saved",
        "submitted",
        "returned",
        "resubmitted",
        "accepted",
    ]


def test_a_return_needs_a_comment(jianning_assignment, jianning_officer, city_officer) -> None:
    report = submitted(jianning_assignment, jianning_officer, 2, 45, Q2)
    with pytest.raises(ValidationError):
        actions.return_report(report, city_officer, "  ")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


@pytest.mark.parametrize("act", ["submit", "resubmit", "accept", "return"])
def test_transitions_out_of_order_are_refused(
    act: str, jianning_assignment, jianning_officer, city_officer
) -> None:
    report = submitted(jianning_assignment, jianning_officer, 2, 45, Q2)
    actions.accept_report(report, city_officer)
    with pytest.raises(ValidationError):
        if act == "submit":
            actions.submit_report(report, jianning_officer)
        elif act == "resubmit":
            actions.resubmit_report(report, jianning_officer)
        elif act == "accept":
            actions.accept_report(report, city_officer)
        else:
            actions.return_report(report, city_officer, "再改改")


def test_an_accepted_report_cannot_be_edited(jianning_assignment, jianning_officer, city_officer):  # type: ignore[no-untyped-def]
    report = submitted(jianning_assignment, jianning_officer, 2, 45, Q2)
    actions.accept_report(report, city_officer)
    with pytest.raises(ValidationError):
        actions.save_report(
            jianning_assignment, jianning_officer, 2018, 2, ReportContent(progress=Decimal(99))
        )


def test_a_quarter_not_begun_cannot_be_reported(jianning_assignment, jianning_officer) -> None:
    with pytest.raises(ValidationError):
        actions.save_report(
            jianning_assignment,
            jianning_officer,
            2018,
            3,
            ReportContent(progress=Decimal(10)),
            on=date(2018, 6, 1),
        )


def test_progress_must_be_a_percentage(jianning_assignment, jianning_officer) -> None:
    with pytest.raises(ValidationError):
        actions.save_report(
            jianning_assignment,
            jianning_officer,
            2018,
            2,
            ReportContent(progress=Decimal(120)),
            on=Q2,
        )


PDF = b"%PDF-1.4\n%test\n"


def test_attachments_are_checked_and_stored_under_a_random_name(
    jianning_assignment, jianning_officer, settings, tmp_path
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    report = actions.save_report(
        jianning_assignment, jianning_officer, 2018, 2, ReportContent(progress=Decimal(40)), on=Q2
    )
    upload = SimpleUploadedFile("../../etc/会议纪要.pdf", PDF, content_type="text/html")
    attachment = actions.attach_file(report, jianning_officer, upload)
    assert attachment.display_name == "会议纪要.pdf"
    assert attachment.content_type == "application/pdf"  # ours, not the browser's
    stored = attachment.file.name
    assert stored.startswith("supervision/reports/") and stored.endswith(".pdf")
    assert "会议纪要" not in stored and ".." not in stored
    assert (tmp_path / stored).read_bytes() == PDF


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("报告.exe", b"MZ\x90\x00"),
        ("报告.pdf", b"<html>not a pdf</html>"),
        ("报告.docx", b"%PDF-1.4"),
        ("空.pdf", b""),
    ],
)
def test_bad_attachments_are_refused(
    name: str, content: bytes, jianning_assignment, jianning_officer
) -> None:
    report = actions.save_report(
        jianning_assignment, jianning_officer, 2018, 2, ReportContent(progress=Decimal(40)), on=Q2
    )
    with pytest.raises(ValidationError):
        actions.attach_file(report, jianning_officer, SimpleUploadedFile(name, content))
    assert not report.attachments.exists()


def test_an_oversized_attachment_is_refused(jianning_assignment, jianning_officer, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(actions, "ATTACHMENT_MAX_BYTES", 10)
    report = actions.save_report(
        jianning_assignment, jianning_officer, 2018, 2, ReportContent(progress=Decimal(40)), on=Q2
    )
    with pytest.raises(ValidationError):
        actions.attach_file(report, jianning_officer, SimpleUploadedFile("a.pdf", PDF))
