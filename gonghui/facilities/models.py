"""Union facilities (阵地建设): construction projects (工人文化宫, 职工文体中心) with their stages,
and service points for workers (女工憩园, 妈妈小屋, 清凉驿站, 四点半学校, 职工服务中心)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.counties import county_id_of
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import ScopedQuerySet


class ProjectKind(models.TextChoices):
    PALACE = "palace", _("工人文化宫")
    SPORTS = "sports", _("职工文体中心")


class Stage(models.TextChoices):
    """The stages in the order a project passes them."""

    PLANNED = "planned", _("立项（方案议定）")
    SITE = "site", _("选址（动工筹备）")
    LAND = "land", _("资产过户 / 用地落实")
    DESIGNED = "designed", _("设计完成")
    GROUND = "ground", _("开工建设")
    STRUCTURE = "structure", _("主体完工")
    FITTING = "fitting", _("配套装修")
    IN_USE = "in_use", _("投入使用")


STAGE_RANK = {value: rank for rank, value in enumerate(Stage.values, start=1)}
STAGE_LABEL = {STAGE_RANK[value]: label for value, label in Stage.choices}


class ConstructionProject(models.Model):
    """A workers' cultural palace or sports centre being built or acquired by a union."""

    org = models.ForeignKey(Org, verbose_name=_("工会"), on_delete=models.PROTECT)
    kind = models.CharField(_("类别"), max_length=10, choices=ProjectKind.choices)
    name = models.CharField(_("项目名称"), max_length=120)
    place = models.CharField(_("地点"), max_length=120, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("阵地建设项目")
        verbose_name_plural = _("阵地建设项目")
        ordering = ["org__path", "kind"]

    def __str__(self) -> str:
        return self.name


class ProjectStage(models.Model):
    """The date a project reached a stage, with the evidence (批复、合同、照片说明…)."""

    project = models.ForeignKey(
        ConstructionProject, on_delete=models.CASCADE, related_name="stages"
    )
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices)
    # The stage's place in the order (derived on save): "the furthest stage" is a MAX in SQL.
    rank = models.PositiveSmallIntegerField(editable=False)
    reached_on = models.DateField(_("日期"))
    evidence = models.TextField(_("佐证"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "project__org"

    class Meta:
        verbose_name = _("项目进展")
        verbose_name_plural = _("项目进展")
        ordering = ["project", "reached_on", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="project_stage_once")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.get_stage_display()} {self.reached_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.rank = STAGE_RANK[self.stage]
        super().save(*args, **kwargs)


class PointKind(models.TextChoices):
    WOMEN_REST = "women_rest", _("女工憩园")
    NURSING = "nursing", _("妈妈小屋")
    COOLING = "cooling", _("清凉驿站")
    AFTER_SCHOOL = "after_school", _("四点半学校")
    SERVICE_CENTRE = "service_centre", _("职工服务中心")


class ServicePoint(models.Model):
    """A place where workers get a union service; open between opened_on and closed_on."""

    org = models.ForeignKey(Org, verbose_name=_("工会"), on_delete=models.PROTECT)
    # Denormalised county of `org` (set on save): counts per county are one GROUP BY.
    county = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    kind = models.CharField(_("类别"), max_length=16, choices=PointKind.choices)
    name = models.CharField(_("名称"), max_length=120)
    place = models.CharField(_("地址"), max_length=200)
    hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("容纳人数"), null=True, blank=True)
    contact = models.CharField(_("联系电话"), max_length=40, blank=True)
    opened_on = models.DateField(_("启用日期"))
    closed_on = models.DateField(_("停用日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务阵地")
        verbose_name_plural = _("服务阵地")
        ordering = ["county_id", "kind", "name"]
        indexes = [models.Index(fields=["county", "kind"], name="service_point_county_kind")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.county_id = county_id_of(self.org)
        super().save(*args, **kwargs)
