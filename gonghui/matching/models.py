"""Data comparison (数据比对) records: reference lists, comparison runs, and the flags they raise."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.hardship.models import Household, Person
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import ScopedQuerySet


class ListKind(models.TextChoices):
    DECEASED = "deceased", _("死亡人员名单")
    VEHICLE = "vehicle", _("车辆登记")
    PROPERTY = "property", _("房产登记")
    BUSINESS = "business", _("工商登记")
    PUBLIC_PAYROLL = "public_payroll", _("财政供养人员")
    MINIMUM_LIVING = "minimum_living", _("民政低保名单")
    OTHER_ARCHIVE = "other_archive", _("其他工会档案")
    NATIONAL_SYSTEM = "national_system", _("全国帮扶系统导出")


class Implication(models.TextChoices):
    REMOVE_MEMBER = "remove_member", _("死亡：移除成员或退档")
    REVIEW_ELIGIBILITY = "review_eligibility", _("有车/房/经营/财政供养：复核资格")
    DUPLICATE = "duplicate", _("重复建档")
    CONSISTENT = "consistent", _("与名单一致")
    NEW_CANDIDATE = "new_candidate", _("在低保名单、未建档：新增建档线索，建议入户调查")


# What a hit on each kind of list implies for the archived household.
IMPLICATION_OF_KIND = {
    ListKind.DECEASED: Implication.REMOVE_MEMBER,
    ListKind.VEHICLE: Implication.REVIEW_ELIGIBILITY,
    ListKind.PROPERTY: Implication.REVIEW_ELIGIBILITY,
    ListKind.BUSINESS: Implication.REVIEW_ELIGIBILITY,
    ListKind.PUBLIC_PAYROLL: Implication.REVIEW_ELIGIBILITY,
    ListKind.OTHER_ARCHIVE: Implication.DUPLICATE,
    ListKind.MINIMUM_LIVING: Implication.CONSISTENT,
    ListKind.NATIONAL_SYSTEM: Implication.CONSISTENT,
}


class ReferenceList(models.Model):
    """An outside list (名单) uploaded for comparison; the file is deleted after its run."""

    org = models.ForeignKey(
        Org, verbose_name=_("比对范围"), on_delete=models.PROTECT, related_name="reference_lists"
    )
    kind = models.CharField(_("名单类别"), max_length=20, choices=ListKind.choices)
    title = models.CharField(_("名单名称"), max_length=120)
    source = models.CharField(_("来源单位"), max_length=120, blank=True)
    filename = models.CharField(_("文件名"), max_length=255)
    file_path = models.CharField(max_length=500, blank=True, editable=False)
    # Whether the file belongs to the system (an upload, deleted after the run) or to whoever
    # ran the command line (left alone).
    owns_file = models.BooleanField(default=True, editable=False)
    content_hash = models.CharField(_("文件摘要"), max_length=64, db_index=True)
    size_bytes = models.BigIntegerField(_("文件大小"), default=0)
    column_mapping = models.JSONField(_("列对应"), default=dict, blank=True)
    preview_counts = models.JSONField(_("预检计数"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    file_deleted_at = models.DateTimeField(_("文件删除时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("比对名单")
        verbose_name_plural = _("比对名单")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def implication(self) -> str:
        return IMPLICATION_OF_KIND[ListKind(self.kind)]

    @property
    def implication_label(self) -> str:
        return str(Implication(self.implication).label)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("比对中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


STAGE_LABELS = {
    "": "等待开始",
    "archive": "读取档案",
    "prepare": "准备文件",
    "read": "读取名单",
    "exact": "身份证号精确比对",
    "fuzzy": "姓名+出生日期模糊比对",
    "collect": "汇总结果",
    "done": "比对完成",
    "write": "写入疑点",
}


class ComparisonRun(models.Model):
    """One comparison of a list against the open archives of the list's org subtree."""

    reference_list = models.ForeignKey(
        ReferenceList, verbose_name=_("名单"), on_delete=models.CASCADE, related_name="runs"
    )
    org = models.ForeignKey(Org, verbose_name=_("比对范围"), on_delete=models.PROTECT)
    as_of = models.DateField(_("档案日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    stage = models.CharField(_("阶段"), max_length=20, blank=True)
    rows_done = models.BigIntegerField(_("已处理行数"), default=0)
    rows_expected = models.BigIntegerField(_("预计行数"), default=0)
    counts = models.JSONField(_("计数"), default=dict, blank=True)
    timings = models.JSONField(_("各阶段用时（秒）"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # Written while the run works; a running run whose heartbeat is older than
    # GONGHUI_JOB_STALE_SECONDS lost its worker and is reaped (see core.reaper).
    heartbeat_at = models.DateTimeField(_("心跳时间"), null=True, blank=True, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("比对任务")
        verbose_name_plural = _("比对任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference_list} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS.get(self.stage, self.stage)

    @property
    def percent(self) -> int:
        """Progress for the bar: the reading stage fills most of it, as it takes most time."""
        if self.status == RunStatus.DONE:
            return 100
        weights = {"": 0, "archive": 2, "prepare": 5, "exact": 80, "fuzzy": 85, "collect": 92}
        if self.stage == "read" and self.rows_expected:
            return 10 + int(65 * min(1.0, self.rows_done / self.rows_expected))
        return weights.get(self.stage, 95)

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class Method(models.TextChoices):
    EXACT_ID = "exact_id", _("身份证号精确匹配")
    FUZZY = "fuzzy", _("姓名+出生日期+地区模糊匹配")
    # A minimum-living list row with a valid ID of a county in scope, matched to no person of
    # any open archive (nor to a household surveyed and not yet archived).
    NOT_ARCHIVED = "unarchived", _("身份证号有效、未匹配到在档人员")


class FlagState(models.TextChoices):
    OPEN = "open", _("待核实")
    CONFIRMED = "confirmed", _("已确认")
    DISMISSED = "dismissed", _("已排除")


class FlagQuerySet(ScopedQuerySet["Flag"]):
    def open_on(self, day: date) -> FlagQuerySet:
        """Flags raised by the day and not yet decided on it."""
        return self.filter(raised_on__lte=day).filter(
            Q(decided_on__isnull=True) | Q(decided_on__gt=day)
        )


class Flag(models.Model):
    """A contradiction between a list row and an archived person (疑点), to confirm or dismiss;
    or, for a minimum-living list, a listed person of a county in scope who is in no archive
    (新增建档线索: no household or person, confirmed into a hardship survey)."""

    run = models.ForeignKey(
        ComparisonRun, verbose_name=_("比对任务"), on_delete=models.CASCADE, related_name="flags"
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("家庭"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("人员"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    # The unit that deals with the flag (the household's; the county for a new candidate) and
    # the county: scoping and the per-county figures work alike for both kinds of flag.
    org = models.ForeignKey(
        Org, verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        Org, verbose_name=_("县（市、区）"), on_delete=models.PROTECT, related_name="+"
    )
    list_row = models.BigIntegerField(_("名单行号"))
    method = models.CharField(_("匹配方式"), max_length=10, choices=Method.choices)
    score = models.DecimalField(_("匹配得分"), max_digits=4, decimal_places=3)
    evidence = models.JSONField(_("依据"), default=dict)
    implication = models.CharField(_("提示"), max_length=20, choices=Implication.choices)
    state = models.CharField(
        _("状态"), max_length=10, choices=FlagState.choices, default=FlagState.OPEN, db_index=True
    )
    reason = models.CharField(_("排除理由"), max_length=200, blank=True)
    # A digest of (list content, person): a dismissed flag stays dismissed when the same list
    # content is compared again, and a new list (new content) raises it again.
    dismissal_key = models.CharField(max_length=64, db_index=True)
    raised_on = models.DateField(_("发现日期"), db_index=True)
    decided_on = models.DateField(_("处理日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = FlagQuerySet.as_manager()
    scope_field = "org"

    class Meta:
        verbose_name = _("比对疑点")
        verbose_name_plural = _("比对疑点")
        ordering = ["raised_on", "pk"]
        indexes = [models.Index(fields=["state", "raised_on"])]

    def __str__(self) -> str:
        return f"{self.subject_name} · {self.get_implication_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        """A flag on an archived person belongs to the household's unit and county."""
        if self.household_id and (not self.org_id or not self.county_id):
            home = self.household
            assert home is not None
            self.org_id = self.org_id or home.org_id
            self.county_id = self.county_id or home.county_id
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_new_candidate(self) -> bool:
        return self.implication == Implication.NEW_CANDIDATE

    @property
    def subject_name(self) -> str:
        """The archived person's name, or the listed name of a new candidate."""
        if self.person_id and self.person is not None:
            return self.person.name
        return str(self.evidence.get("list_name") or "（未填姓名）")

    def days_open(self, as_of: date) -> int:
        """Days between raising and deciding (or the date, if still open)."""
        end = self.decided_on if self.decided_on and self.decided_on <= as_of else as_of
        return max(0, (end - self.raised_on).days)
