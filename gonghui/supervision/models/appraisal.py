"""Innovation-project appraisal (创新项目比评) and information submissions (信息报送)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org
from gonghui.orgs.scoping import ScopedQuerySet

# The rubric judges score on: (code, criterion, most points).
RUBRIC: tuple[tuple[str, str, int], ...] = (
    ("novelty", "创新性", 30),
    ("effect", "实际成效", 30),
    ("replicable", "可复制推广", 20),
    ("workers", "职工认可度", 20),
)
RUBRIC_MAX = {code: points for code, _label, points in RUBRIC}


class InnovationProject(models.Model):
    """A project a county union enters for the year's appraisal."""

    org = models.ForeignKey(
        Org, verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("项目名称"), max_length=200)
    summary = models.TextField(_("项目简介"), blank=True)
    entered_on = models.DateField(_("申报日期"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("创新项目")
        verbose_name_plural = _("创新项目")
        ordering = ["-year", "org__path", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "title"], name="project_once_a_year")
        ]

    def __str__(self) -> str:
        return self.title


class ProjectReview(models.Model):
    """A judge's review of one project (assigned by the city; the judge scores the rubric)."""

    project = models.ForeignKey(InnovationProject, on_delete=models.CASCADE, related_name="reviews")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="project_reviews"
    )
    scored_on = models.DateField(_("评分日期"), null=True, blank=True)
    comment = models.TextField(_("评语"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "project__org"
    owner_field = "judge"  # a judge sees the reviews assigned to them

    class Meta:
        verbose_name = _("项目评审")
        verbose_name_plural = _("项目评审")
        ordering = ["project", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "judge"], name="one_review_per_judge")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.judge}"


class ProjectScore(models.Model):
    """Points on one criterion of the rubric."""

    review = models.ForeignKey(ProjectReview, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(
        max_length=20, choices=[(code, label) for code, label, _max in RUBRIC]
    )
    points = models.DecimalField(
        max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class Channel(models.TextChoices):
    BULLETIN = "bulletin", _("工会信息简报")
    WEBSITE = "website", _("工会网站")
    WECHAT = "wechat", _("微信公众号")
    NEWSPAPER = "newspaper", _("报刊")


class Adoption(models.TextChoices):
    NONE = "none", _("未采用")
    CITY = "city", _("市级采用")
    PROVINCE = "province", _("省级采用")
    NATIONAL = "national", _("全国采用")


class InfoSubmission(models.Model):
    """A news/information item a union submitted (信息报送), and how far up it was adopted."""

    org = models.ForeignKey(
        Org, verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField(_("报送日期"))
    title = models.CharField(_("标题"), max_length=200)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    adoption = models.CharField(
        _("采用级别"), max_length=16, choices=Adoption.choices, default=Adoption.NONE
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("信息报送")
        verbose_name_plural = _("信息报送")
        ordering = ["-submitted_on", "pk"]
        indexes = [models.Index(fields=["org", "submitted_on"])]

    def __str__(self) -> str:
        return self.title
