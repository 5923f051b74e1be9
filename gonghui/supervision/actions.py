"""Named writes of supervision: reports through their states, attachments, milestones.

Each action checks who may do it and whether the report's state allows it, writes in one
transaction, records the act in the audit log and the report's history. States:
draft → submitted → accepted | returned (with a comment) → resubmitted → accepted | returned.
A county officer reports only on its own org's assignments; only officers of the org that
owns the plan (the city, for the city's plan) accept or return reports.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.stored_files import files_or_nothing, remember
from gonghui.supervision import schedule
from gonghui.supervision.models import (
    Assignment,
    Milestone,
    QuarterlyReport,
    Reminder,
    ReminderKind,
    ReportAttachment,
    ReportEvent,
    ReportState,
)
from gonghui.supervision.models.plans import user_may_report, user_may_review

# state transitions: act → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({ReportState.DRAFT}), ReportState.SUBMITTED),
    "resubmit": (frozenset({ReportState.RETURNED}), ReportState.RESUBMITTED),
    "return": (
        frozenset({ReportState.SUBMITTED, ReportState.RESUBMITTED}),
        ReportState.RETURNED,
    ),
    "accept": (
        frozenset({ReportState.SUBMITTED, ReportState.RESUBMITTED}),
        ReportState.ACCEPTED,
    ),
}

ACT_LABELS = {"submit": "报送", "resubmit": "重新报送", "return": "退回", "accept": "审核通过"}

# The words of the household and petition pages, for a report saved from an outdated page.
STALE_MESSAGE = (
    "该季度报告已被他人修改（您打开页面之后有人保存了新的内容），"
    "为避免覆盖对方的修改，本次未保存。请刷新页面，核对最新内容后重新填写。"
)


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _check_transition(report: QuarterlyReport, act: str) -> str:
    allowed, target = TRANSITIONS[act]
    if report.state not in allowed:
        raise ValidationError(
            f"{report.get_state_display()}的报告不能{ACT_LABELS[act]}", code="bad_state"
        )
    return target


def _require_reporter(actor: Any, assignment: Assignment) -> None:
    if not user_may_report(actor, assignment):
        audit.record(
            "access.refused",
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            obj=assignment,
            org=assignment.org,
            detail={"needs": "reporter of the responsible unit"},
        )
        raise PermissionDenied("只有责任单位本单位的工作人员可以填报本单位的季度报告")


def _require_reviewer(actor: Any, report: QuarterlyReport) -> None:
    plan = report.assignment.task.plan
    if not user_may_review(actor, plan):
        audit.record(
            "access.refused",
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            obj=report,
            org=report.assignment.org,
            detail={"needs": "reviewer of the plan's org"},
        )
        raise PermissionDenied("只有任务牵头单位的工作人员可以审核季度报告")


def _locked(report: QuarterlyReport) -> QuarterlyReport:
    return (
        QuarterlyReport.objects.select_for_update(of=("self",))
        .select_related("assignment__task__plan", "assignment__org", "author")
        .get(pk=report.pk)
    )


def _event(report: QuarterlyReport, action: str, actor: Any, on: date, comment: str = "") -> None:
    ReportEvent.objects.create(
        report=report,
        action=action,
        on=on,
        actor=actor if getattr(actor, "pk", None) else None,
        progress=report.progress,
        comment=comment,
    )
    audit.record(
        f"supervision.report.{action}",
        actor=actor if getattr(actor, "pk", None) else None,
        obj=report,
        org=report.assignment.org,
        detail={
            "assignment": report.assignment_id,
            "period": f"{report.year}Q{report.quarter}",
            "progress": str(report.progress),
            "state": report.state,
            **({"comment": comment[:500]} if comment else {}),
        },
    )


@dataclass(frozen=True)
class ReportContent:
    """What a unit writes in its report."""

    progress: Decimal
    done_text: str = ""
    problems: str = ""
    next_steps: str = ""
    quantity: Decimal | None = None


def _validate_content(content: ReportContent) -> None:
    errors: dict[str, str] = {}
    try:
        progress = Decimal(content.progress)
    except (InvalidOperation, TypeError):
        errors["progress"] = "完成进度应为0到100之间的数"
    else:
        if not Decimal(0) <= progress <= Decimal(100):
            errors["progress"] = "完成进度应为0到100之间的数"
    if content.quantity is not None and content.quantity < 0:
        errors["quantity"] = "完成数量不能为负"
    if errors:
        raise ValidationError(errors)


def _check_period(assignment: Assignment, year: int, quarter: int, on: date) -> None:
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": "季度应为1到4"})
    if schedule.quarter_start(year, quarter) > on:
        raise ValidationError({"quarter": "不能填报尚未开始的季度"})
    task = assignment.task
    if (year, quarter) < schedule.quarter_of(task.start):
        raise ValidationError({"quarter": "该季度早于任务开始时间"})


def save_report(
    assignment: Assignment,
    actor: Any,
    year: int,
    quarter: int,
    content: ReportContent,
    *,
    on: date | None = None,
    expected_version: int | None = None,
) -> QuarterlyReport:
    """Create or update the unit's report for a quarter (a draft, or a returned one being fixed).

    With `expected_version` (the report's `version` when the form was opened; 0 for a report
    not yet written), a save made meanwhile by someone else is refused with STALE_MESSAGE.
    """
    day = _today(on)
    _require_reporter(actor, assignment)
    _check_period(assignment, year, quarter, day)
    _validate_content(content)
    with transaction.atomic():
        return _save(assignment, actor, year, quarter, content, day, expected_version)


def _save(
    assignment: Assignment,
    actor: Any,
    year: int,
    quarter: int,
    content: ReportContent,
    day: date,
    expected_version: int | None,
) -> QuarterlyReport:
    report, created = QuarterlyReport.objects.select_for_update().get_or_create(
        assignment=assignment,
        year=year,
        quarter=quarter,
        defaults={"author": actor if getattr(actor, "pk", None) else None},
    )
    if expected_version is not None and report.version != expected_version:
        raise ValidationError(STALE_MESSAGE, code="stale")
    if not report.editable:
        raise ValidationError(f"{report.get_state_display()}的报告不能修改", code="bad_state")
    report.version += 1
    report.progress = Decimal(content.progress)
    report.quantity = content.quantity
    report.done_text = content.done_text.strip()
    report.problems = content.problems.strip()
    report.next_steps = content.next_steps.strip()
    if report.author_id is None and getattr(actor, "pk", None):
        report.author = actor
    report.save()
    if created or report.state == ReportState.DRAFT:
        ReportEvent.objects.create(
            report=report, action="saved", on=day, actor=report.author, progress=report.progress
        )
    return report


def submit_report(
    report: QuarterlyReport, actor: Any, *, on: date | None = None
) -> QuarterlyReport:
    """Submit a draft (报送): its progress counts from today."""
    _require_reporter(actor, report.assignment)
    with transaction.atomic():
        return _submit(_locked(report), actor, _today(on))


def _submit(report: QuarterlyReport, actor: Any, day: date) -> QuarterlyReport:
    report.state = _check_transition(report, "submit")
    if not report.done_text.strip():
        raise ValidationError({"done_text": "请填写已完成的工作"})
    report.first_submitted_on = report.first_submitted_on or day
    report.submitted_on = day
    if report.author_id is None and getattr(actor, "pk", None):
        report.author = actor
    report.version += 1
    report.save()
    _event(report, "submitted", actor, day)
    return report


def resubmit_report(
    report: QuarterlyReport, actor: Any, *, on: date | None = None
) -> QuarterlyReport:
    """Submit a returned report again after correcting it (重新报送)."""
    _require_reporter(actor, report.assignment)
    with transaction.atomic():
        return _resubmit(_locked(report), actor, _today(on))


def _resubmit(report: QuarterlyReport, actor: Any, day: date) -> QuarterlyReport:
    report.state = _check_transition(report, "resubmit")
    report.submitted_on = day
    report.version += 1
    report.save()
    _event(report, "resubmitted", actor, day)
    return report


def return_report(
    report: QuarterlyReport, actor: Any, comment: str, *, on: date | None = None
) -> QuarterlyReport:
    """Return a report to its author with a comment (退回): it goes back to the author's desk."""
    _require_reviewer(actor, report)
    with transaction.atomic():
        return _return(_locked(report), actor, comment, _today(on))


def _return(report: QuarterlyReport, actor: Any, comment: str, day: date) -> QuarterlyReport:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "退回时请写明退回意见"})
    report.state = _check_transition(report, "return")
    report.review_comment = comment
    report.reviewed_by = actor if getattr(actor, "pk", None) else None
    report.version += 1
    report.save()
    _event(report, "returned", actor, day, comment)
    Reminder.objects.create(
        org=report.assignment.org,
        user=report.author,
        assignment=report.assignment,
        report=report,
        year=report.year,
        quarter=report.quarter,
        kind=ReminderKind.RETURNED,
        due_on=report.assignment.task.plan.report_due(report.year, report.quarter),
        message=f"《{report.assignment.task.title}》{report.period_label}报告被退回：{comment}"[
            :300
        ],
        created_on=day,
    )
    if report.author is not None and report.author.email:
        from gonghui.supervision.reminders import send_mail_quietly

        send_mail_quietly(
            "季度报告被退回",
            f"您填报的《{report.assignment.task.title}》{report.period_label}报告被退回。\n"
            f"退回意见：{comment}\n请修改后重新报送。",
            [report.author.email],
        )
    return report


def accept_report(
    report: QuarterlyReport, actor: Any, *, on: date | None = None
) -> QuarterlyReport:
    """Accept a submitted report (审核通过); a report of 100% then marks the work done."""
    _require_reviewer(actor, report)
    with transaction.atomic():
        return _accept(_locked(report), actor, _today(on))


def _accept(report: QuarterlyReport, actor: Any, day: date) -> QuarterlyReport:
    report.state = _check_transition(report, "accept")
    report.accepted_on = day
    report.reviewed_by = actor if getattr(actor, "pk", None) else None
    report.version += 1
    report.save()
    _event(report, "accepted", actor, day)
    return report


# the brief's names
resubmit = resubmit_report


# --- attachments ------------------------------------------------------------------------------

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
# extension → (content type, signature the file must start with)
ATTACHMENT_TYPES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".doc": ("application/msword", OLE),
    ".xls": ("application/vnd.ms-excel", OLE),
    ".ofd": ("application/ofd", ZIP),
}


def display_name(raw: str) -> str:
    """The uploader's file name, reduced to a harmless label (never used as a path)."""
    name = PurePath((raw or "").replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f\x7f<>:\"/\\|?*]", "", name).strip(" .")
    return name[:200] or "附件"


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks: its label, extension, content type and size."""

    label: str
    suffix: str
    content_type: str
    size: int


def check_attachment(upload: Any) -> CheckedUpload:
    """Check an upload's size and that its content matches its extension; writes nothing.

    Pages call it before saving the report, so that a refused file leaves nothing behind.
    """
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise ValidationError({"file": "附件是空的"})
    if size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": f"附件不能超过{ATTACHMENT_MAX_BYTES // 1024 // 1024}MB"})
    label = display_name(getattr(upload, "name", ""))
    suffix = PurePath(label).suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ValidationError({"file": "只能上传 PDF、Word、Excel、OFD、JPG 或 PNG 文件"})
    content_type, signature = ATTACHMENT_TYPES[suffix]
    upload.seek(0)
    head = upload.read(len(signature))
    if head != signature:
        raise ValidationError({"file": "文件内容与扩展名不符，已拒绝"})
    upload.seek(0)
    return CheckedUpload(label, suffix, content_type, size)


def attach_file(report: QuarterlyReport, actor: Any, upload: Any) -> ReportAttachment:
    """Attach a file to an editable report: size and type checked, stored under a random name.

    The row and the file are one write: if the transaction (this one, or an enclosing
    `files_or_nothing()`) rolls back, the stored file is deleted.
    """
    _require_reporter(actor, report.assignment)
    with files_or_nothing():
        return _attach(_locked(report), actor, upload)


def _attach(report: QuarterlyReport, actor: Any, upload: Any) -> ReportAttachment:
    if not report.editable:
        raise ValidationError(f"{report.get_state_display()}的报告不能再添加附件")
    checked = check_attachment(upload)
    attachment = ReportAttachment(
        report=report,
        display_name=checked.label,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    attachment.file.save(f"{uuid.uuid4().hex}{checked.suffix}", ContentFile(data), save=False)
    remember(attachment.file)
    attachment.save()
    audit.record(
        "supervision.report.attached",
        actor=actor if getattr(actor, "pk", None) else None,
        obj=report,
        org=report.assignment.org,
        detail={"attachment": attachment.pk, "size": checked.size, "type": checked.content_type},
    )
    return attachment


def record_milestone_done(
    milestone: Milestone, actor: Any, done_on: date, evidence: str
) -> Milestone:
    """Mark a milestone done on a date with its evidence (by the responsible unit)."""
    _require_reporter(actor, milestone.assignment)
    if not evidence.strip():
        raise ValidationError({"evidence": "请填写完成佐证"})
    with transaction.atomic():
        # Re-read under a lock: a page opened before someone else marked it done must not
        # overwrite their date and evidence.
        current = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if current.done_on is not None:
            raise ValidationError(
                f"节点“{current.title}”已被他人于{current.done_on:%Y-%m-%d}标记完成，"
                "为避免覆盖对方的佐证，本次未保存。请刷新页面核对。",
                code="stale",
            )
        milestone.done_on = done_on
        milestone.evidence = evidence.strip()
        milestone.save(update_fields=["done_on", "evidence"])
        _audit_milestone(milestone, actor, done_on)
    return milestone


def _audit_milestone(milestone: Milestone, actor: Any, done_on: date) -> None:
    audit.record(
        "supervision.milestone.done",
        actor=actor if getattr(actor, "pk", None) else None,
        obj=milestone,
        org=milestone.assignment.org,
        detail={"done_on": done_on.isoformat()},
    )
