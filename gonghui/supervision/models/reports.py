"""Quarterly reports (一季一报), their history and attachments, and reminders (催办)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org
from gonghui.orgs.scoping import ScopedQuerySet
from gonghui.supervision.models.plans import Assignment


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    RESUBMITTED = "resubmitted", _("已重新报送")
    ACCEPTED = "accepted", _("已审核")


# A report's progress counts from the day it is submitted; drafts and returned ones do not.
COUNTED_STATES = (ReportState.SUBMITTED, ReportState.RESUBMITTED, ReportState.ACCEPTED)
AWAITING_REVIEW = (ReportState.SUBMITTED, ReportState.RESUBMITTED)


class QuarterlyReport(models.Model):
    """A responsible unit's report on one assignment for one quarter."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(
        _("季度"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    progress = models.DecimalField(
        _("完成进度（%）"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    quantity = models.DecimalField(
        _("完成数量"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    done_text = models.TextField(_("已完成工作"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    next_steps = models.TextField(_("下步打算"), blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervision_reports",
    )
    first_submitted_on = models.DateField(_("首次报送日期"), null=True, blank=True)
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    accepted_on = models.DateField(_("审核通过日期"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every write: a form carries the one it was opened with, and a save made from
    # an older one is refused (two sessions on one draft must not overwrite each other).
    version = models.PositiveIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()
    scope_field = "assignment__org"

    class Meta:
        verbose_name = _("季度报告")
        verbose_name_plural = _("季度报告")
        ordering = ["assignment", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "year", "quarter"], name="one_report_per_quarter"
            )
        ]
        indexes = [
            models.Index(fields=["assignment", "state", "submitted_on"]),
            models.Index(fields=["state", "submitted_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.period_label} · {self.assignment}"

    @property
    def period_label(self) -> str:
        return f"{self.year}年第{self.quarter}季度"

    @property
    def editable(self) -> bool:
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)

    @property
    def awaiting_review(self) -> bool:
        return self.state in AWAITING_REVIEW


class ReportEvent(models.Model):
    """One step in a report's history: saved, submitted, returned, resubmitted, accepted."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16)
    on = models.DateField(_("日期"))
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    progress = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.on}"

    ACTION_LABELS = {
        "saved": "保存草稿",
        "submitted": "报送",
        "returned": "退回",
        "resubmitted": "重新报送",
        "accepted": "审核通过",
    }

    @property
    def action_label(self) -> str:
        return self.ACTION_LABELS.get(self.action, self.action)


def attachment_path(instance: ReportAttachment, filename: str) -> str:
    """Attachments are stored under a name the server chose (set by the action), never the user's."""
    return f"supervision/reports/{filename}"


class ReportAttachment(models.Model):
    """A file attached to a report: checked for size and type, stored under a random name."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    # The uploader's file name, for display only (never used as a path).
    display_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "report__assignment__org"

    class Meta:
        verbose_name = _("报告附件")
        verbose_name_plural = _("报告附件")
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return self.display_name


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")
    RETURNED = "returned", _("报告被退回")


class Reminder(models.Model):
    """An in-app reminder (催办) to a unit about one assignment's quarterly report."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="supervision_reminders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supervision_reminders",
    )
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    report = models.ForeignKey(
        QuarterlyReport, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    due_on = models.DateField(_("截止日期"))
    message = models.CharField(max_length=300)
    created_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)
    emailed = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("催办提醒")
        verbose_name_plural = _("催办提醒")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Each due-soon and overdue reminder is sent once per assignment and quarter.
            models.UniqueConstraint(
                fields=["assignment", "year", "quarter", "kind"],
                condition=Q(kind__in=["due_soon", "overdue"]),
                name="reminder_sent_once",
            )
        ]

    def __str__(self) -> str:
        return self.message
