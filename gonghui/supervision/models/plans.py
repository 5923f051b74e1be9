"""Work plans (工作计划), areas, key tasks (重点工作/改革任务), assignments and milestones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org
from gonghui.orgs.scoping import ScopedQuerySet, may_change, scope_for_user, staff_org
from gonghui.supervision import schedule

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gonghui.orgs.models import User


class PlanKind(models.TextChoices):
    KEY_WORK = "key_work", _("重点工作")
    REFORM = "reform", _("改革任务")


class WorkPlanQuerySet(ScopedQuerySet["WorkPlan"]):
    def for_user(self, user: User | AnonymousUser) -> WorkPlanQuerySet:  # type: ignore[override]
        """Plans of the user's subtree, and plans that give the user's subtree an assignment."""
        org = staff_org(user)
        if org is None:  # superusers all, others none: the door decides
            return scope_for_user(self, user)  # type: ignore[return-value]
        assigned = Assignment.objects.in_org(org).filter(task__plan=OuterRef("pk"))
        return scope_for_user(self, user) | self.filter(Exists(assigned))


class WorkPlan(models.Model):
    """A yearly work plan of one org (the city's, or a county's own), in areas."""

    org = models.ForeignKey(
        Org, verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="work_plans"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(
        _("类别"), max_length=16, choices=PlanKind.choices, default=PlanKind.KEY_WORK
    )
    # Each locality sets its own (DOMAIN: "each is a setting").
    tolerance = models.DecimalField(
        _("滞后容差（百分点）"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(str(schedule.DEFAULT_TOLERANCE)),
    )
    report_due_day = models.PositiveSmallIntegerField(
        _("季度报告截止日（季后次月几日）"),
        default=schedule.DEFAULT_REPORT_DUE_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作计划")
        verbose_name_plural = _("工作计划")
        ordering = ["-year", "org__path", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "title"], name="plan_title_once_a_year")
        ]

    def __str__(self) -> str:
        return self.title

    def report_due(self, year: int, quarter: int) -> date:
        """When this plan's report for a quarter is due."""
        return schedule.report_due(year, quarter, self.report_due_day)


class Area(models.Model):
    """An area of a plan (the reform plan has five)."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("序号"), default=1)
    name = models.CharField(_("领域"), max_length=120)

    class Meta:
        verbose_name = _("工作领域")
        verbose_name_plural = _("工作领域")
        ordering = ["plan", "number", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="area_name_per_plan")]

    def __str__(self) -> str:
        return self.name


class Measure(models.TextChoices):
    """How a task's progress is measured."""

    REPORTED = "reported", _("按季度报告的完成比例")
    MILESTONES = "milestones", _("按节点")
    QUANTITY = "quantity", _("按数量对照目标")
    INDICATOR = "indicator", _("按系统指标计算")


# Measures whose progress the unit states in its quarterly reports (一季一报); milestones are
# recorded with evidence and indicators computed from records, so those are not re-reported.
REPORTING_MEASURES = (Measure.REPORTED, Measure.QUANTITY)


class TaskQuerySet(ScopedQuerySet["Task"]):
    def for_user(self, user: User | AnonymousUser) -> TaskQuerySet:
        """Tasks of plans in the user's subtree, and tasks that give the subtree an assignment."""
        org = staff_org(user)
        if org is None:  # superusers all, others none: the door decides
            return scope_for_user(self, user)  # type: ignore[return-value]
        assigned = Assignment.objects.in_org(org).filter(task=OuterRef("pk"))
        return scope_for_user(self, user) | self.filter(Exists(assigned))


class Task(models.Model):
    """A key task (重点工作) with its leader, department, deadline and how progress is measured."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    area = models.ForeignKey(
        Area,
        verbose_name=_("领域"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级任务"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subtasks",
    )
    number = models.CharField(_("序号"), max_length=16, blank=True)
    title = models.CharField(_("工作任务"), max_length=300)
    lead_leader = models.CharField(_("责任领导"), max_length=60, blank=True)
    lead_department = models.CharField(_("责任部室"), max_length=60, blank=True)
    co_departments = models.CharField(_("配合部室"), max_length=200, blank=True)
    start = models.DateField(_("开始日期"))
    deadline = models.DateField(_("完成时限"))
    measure = models.CharField(
        _("进度计算方式"), max_length=16, choices=Measure.choices, default=Measure.REPORTED
    )
    target = models.DecimalField(
        _("目标数量"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    indicator_name = models.CharField(_("指标"), max_length=100, blank=True)
    # Optional monthly curve (12 cumulative shares) for seasonal work instead of a straight line.
    curve = models.JSONField(_("月度进度曲线"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(_("权重"), default=1)
    order = models.PositiveIntegerField(default=0)

    objects = TaskQuerySet.as_manager()
    scope_field = "plan__org"

    class Meta:
        verbose_name = _("重点工作")
        verbose_name_plural = _("重点工作")
        ordering = ["plan", "order", "pk"]
        indexes = [models.Index(fields=["plan", "order"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.start and self.deadline and self.deadline < self.start:
            errors["deadline"] = _("完成时限不能早于开始日期")
        if self.curve:
            try:
                schedule.validate_curve(self.curve)
            except schedule.CurveError as exc:
                errors["curve"] = str(exc)
        if self.measure == Measure.INDICATOR:
            from gonghui.core import indicators

            try:
                indicators.get(self.indicator_name)
            except KeyError:
                errors["indicator_name"] = _("没有这个指标")
        if self.measure in (Measure.QUANTITY, Measure.INDICATOR) and not self.target:
            errors["target"] = _("按数量或指标计算进度时需要目标数量")
        if self.area_id and self.area and self.area.plan_id != self.plan_id:
            errors["area"] = _("领域不属于该计划")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("上级任务不能是自己")
        if errors:
            raise ValidationError(errors)

    @property
    def needs_reports(self) -> bool:
        """Whether units report this task's progress quarterly."""
        return self.measure in REPORTING_MEASURES

    def curve_shares(self) -> tuple[float, ...] | None:
        return tuple(float(v) for v in self.curve) if self.curve else None


class Assignment(models.Model):
    """A responsible unit (责任单位) of a task, with its own target."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    org = models.ForeignKey(
        Org,
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="supervision_assignments",
    )
    target = models.DecimalField(
        _("本单位目标"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["task", "org__path"]
        constraints = [
            models.UniqueConstraint(fields=["task", "org"], name="one_assignment_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.org}"

    @property
    def effective_target(self) -> Decimal | None:
        return self.target if self.target is not None else self.task.target


class Milestone(models.Model):
    """A step of a unit's work: ordered, weighted, due on a date, done on a date with evidence."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    title = models.CharField(_("节点"), max_length=200)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, default=Decimal(1))
    due_on = models.DateField(_("计划完成日期"))
    done_on = models.DateField(_("实际完成日期"), null=True, blank=True)
    evidence = models.TextField(_("完成佐证"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "assignment__org"

    class Meta:
        verbose_name = _("工作节点")
        verbose_name_plural = _("工作节点")
        ordering = ["assignment", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.weight is not None and self.weight < 0:
            raise ValidationError({"weight": _("权重不能为负")})


def user_may_review(user: Any, plan: WorkPlan) -> bool:
    """Only officers of the org that owns the plan (the city, for its plan) review its reports."""
    return may_change(user, plan.org) and (user.is_superuser or staff_org(user) == plan.org)


def user_may_report(user: Any, assignment: Assignment) -> bool:
    """Only officers of the responsible unit itself report on its assignment."""
    return may_change(user, assignment.org) and (
        user.is_superuser or staff_org(user) == assignment.org
    )
