"""Core records: the hash-chained audit log (审计日志) and the demo-load markers."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or delete an audit entry through the ORM."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("审计日志只能追加，不能修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计日志只能追加，不能删除")


class AuditEntry(models.Model):
    """One audited event, chained to the previous one by a keyed hash."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Plain ids, not foreign keys: deleting a user must not rewrite the log.
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    org_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip = models.CharField(max_length=45, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["seq"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计日志只能追加，不能删除")


class AuditHead(models.Model):
    """The chain's last link (one row): serialises appends and reveals a deleted tail.

    `mac` is a keyed hash of (seq, hash): without the data key nobody can move the head back
    to an earlier entry after cutting the tail. An earlier genuine head, replayed, is caught
    by the checkpoints written outside the database (`gonghui.core.audit_checkpoints`).
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    mac = models.CharField(max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return f"audit head #{self.seq}"


class DemoPart(models.Model):
    """Marks a module's demo data as loaded, so that loading twice changes nothing."""

    name = models.CharField(max_length=64, unique=True)
    loaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class DataVersion(models.Model):
    """A counter bumped by every change of a record: one row per module, one for any change
    ("*") and one for changes no module can be named for ("all"). Cached figures are keyed
    by them, so a new record changes the figure on the next request in every process. One more
    row ("install") never moves: the database's identity in the cache keys (figure_cache)."""

    name = models.CharField(max_length=40, unique=True, default="*")
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"data version {self.name} {self.value}"


class BackgroundJob(models.Model):
    """Long work done by the background worker for a user (后台任务): a document written
    (briefing, notice) or a sheet imported, with its stage, progress and outcome.

    Files are private: only the user who asked downloads them, through the job's page. An
    uploaded sheet is deleted once it has been read; only the outcome is kept.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("处理中")
        DONE = "done", _("已完成")
        REJECTED = "rejected", _("未通过校验")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("任务类别"), max_length=40)
    title = models.CharField(_("标题"), max_length=200)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        "orgs.User", on_delete=models.CASCADE, related_name="background_jobs"
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("阶段"), max_length=60, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # What the job read (an uploaded sheet, deleted after the run) and what it wrote.
    upload = models.FileField(upload_to="jobs/in/%Y/%m/", max_length=200, blank=True)
    upload_name = models.CharField(max_length=200, blank=True)
    output = models.FileField(upload_to="jobs/out/%Y/%m/", max_length=200, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written while the job runs (progress and a timer); a running job whose heartbeat is
    # older than GONGHUI_JOB_STALE_SECONDS lost its worker and is reaped (see core.reaper).
    heartbeat_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When the clean-up deleted its files (GONGHUI_FILE_RETENTION_DAYS after it finished).
    files_expired_at = models.DateTimeField(null=True, blank=True)
    # The job this one runs again (the "重新运行" button of a failed job).
    rerun_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reruns"
    )

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status not in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def retention_days(self) -> int:
        return settings.GONGHUI_FILE_RETENTION_DAYS

    @property
    def expires_at(self) -> datetime | None:
        """When the clean-up deletes the job's files (they hold personal data)."""
        if self.finished_at is None:
            return None
        return self.finished_at + timedelta(days=self.retention_days)


class RateCounter(models.Model):
    """One rate limit's count for its current window (see gonghui.core.ratelimit)."""

    name = models.CharField(max_length=120, unique=True)
    window_end = models.BigIntegerField(db_index=True)  # Unix seconds
    hits = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.hits}"
