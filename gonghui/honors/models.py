"""Honours (劳模与竞赛): model workers and their visits, studios, craftsmen, nominations upward,
labour competitions with their participants and awards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.personal import IdNumberMixin
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import ScopedQuerySet


class HonourLevel(models.TextChoices):
    """The level of a title or a studio (全国/省级/市级)."""

    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")


# Titles at provincial level or above: the figure 省级以上劳模 and the nomination target levels.
PROVINCIAL_AND_UP = (HonourLevel.NATIONAL, HonourLevel.PROVINCIAL)


class PensionStatus(models.TextChoices):
    """Supplementary pension for model workers (劳模补充养老保险)."""

    NOT_APPLIED = "not_applied", _("未申请")
    APPLIED = "applied", _("已申请")
    GRANTED = "granted", _("已落实")


class ModelWorker(IdNumberMixin):
    """A model worker (劳模) with the title's level and year and the benefits that go with it."""

    name = models.CharField(_("姓名"), max_length=60)
    org = models.ForeignKey(
        Org, verbose_name=_("所在基层工会"), on_delete=models.PROTECT, related_name="+"
    )
    job = models.CharField(_("工作单位及职务"), max_length=120, blank=True)
    level = models.CharField(_("称号级别"), max_length=16, choices=HonourLevel.choices)
    # The date the title was conferred (表彰日期); figures as of a date count titles given by then.
    awarded_on = models.DateField(_("授予日期"))
    front_line = models.BooleanField(_("一线职工"), default=False)
    pension_status = models.CharField(
        _("补充养老保险"),
        max_length=16,
        choices=PensionStatus.choices,
        default=PensionStatus.NOT_APPLIED,
    )
    monthly_allowance = models.DecimalField(
        _("每月荣誉津贴（元）"), max_digits=8, decimal_places=2, default=0
    )
    # Optimistic lock for benefit edits: a second save of the same version gets a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("劳动模范")
        verbose_name_plural = _("劳动模范")
        ordering = ["level", "-awarded_on", "name"]
        indexes = [models.Index(fields=["level", "awarded_on"])]

    def __str__(self) -> str:
        return self.name

    @property
    def awarded_year(self) -> int:
        """The year of the title (劳模评选年度)."""
        return self.awarded_on.year


class ModelWorkerVisit(models.Model):
    """A visit to a model worker (走访看望劳模), e.g. before 1 May."""

    model_worker = models.ForeignKey(
        ModelWorker, verbose_name=_("劳模"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"))
    visitor = models.CharField(_("走访人"), max_length=120)
    note = models.TextField(_("情况记录"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_field = "model_worker__org"

    class Meta:
        verbose_name = _("走访看望")
        verbose_name_plural = _("走访看望")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["visited_on"])]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.visitor}"


class Studio(models.Model):
    """A model-worker studio (劳模工作室) led by a model worker."""

    name = models.CharField(_("名称"), max_length=120)
    org = models.ForeignKey(
        Org, verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+"
    )
    lead = models.ForeignKey(
        ModelWorker,
        verbose_name=_("领办劳模"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="studios",
    )
    set_up_on = models.DateField(_("命名日期"))
    level = models.CharField(_("级别"), max_length=16, choices=HonourLevel.choices)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("劳模工作室")
        verbose_name_plural = _("劳模工作室")
        ordering = ["-set_up_on", "name"]

    def __str__(self) -> str:
        return self.name


class Craftsman(models.Model):
    """A gold-medal craftsman (金牌工匠) of a year."""

    name = models.CharField(_("姓名"), max_length=60)
    org = models.ForeignKey(
        Org, verbose_name=_("所在工会"), on_delete=models.PROTECT, related_name="+"
    )
    trade = models.CharField(_("工种"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("评选年度"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("金牌工匠")
        verbose_name_plural = _("金牌工匠")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class NominationStatus(models.TextChoices):
    """Where a recommendation stands (县级推荐 → 市总审核 → 报送省总)."""

    RECOMMENDED = "recommended", _("县级已推荐")
    ACCEPTED = "accepted", _("市总审核通过")
    RETURNED = "returned", _("已退回")
    SENT = "sent", _("已报送上级")


class Nomination(models.Model):
    """A recommendation of a worker for a title above the city (推荐上报劳模).

    A round is a year and a level sought (2018 年省级劳模推荐); the city sends a round's
    accepted nominations upward only when the front-line share meets the quota.
    """

    nominee = models.CharField(_("推荐对象"), max_length=60)
    job = models.CharField(_("工作单位及职务"), max_length=120, blank=True)
    # The nominee's union: it decides who sees the record.
    org = models.ForeignKey(
        Org, verbose_name=_("所在基层工会"), on_delete=models.PROTECT, related_name="+"
    )
    recommended_by = models.ForeignKey(
        Org, verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("推荐年度"))
    level_sought = models.CharField(
        _("推荐级别"),
        max_length=16,
        choices=[(v, label) for v, label in HonourLevel.choices if v in PROVINCIAL_AND_UP],
    )
    front_line = models.BooleanField(_("一线职工"), default=False)
    deeds = models.TextField(_("主要事迹"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=NominationStatus.choices,
        default=NominationStatus.RECOMMENDED,
    )
    recommended_on = models.DateField(_("推荐日期"))
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    sent_on = models.DateField(_("报送日期"), null=True, blank=True)
    # Optimistic lock: two reviewers acting on the same nomination get a conflict, not a mix.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("劳模推荐")
        verbose_name_plural = _("劳模推荐")
        ordering = ["year", "level_sought", "recommended_by__path", "pk"]
        indexes = [models.Index(fields=["year", "level_sought", "status"])]

    def __str__(self) -> str:
        return f"{self.year} {self.nominee}"


class CompetitionKind(models.TextChoices):
    """The kinds of labour competition (劳动竞赛)."""

    KEY_PROJECT = "key_project", _("重点项目劳动竞赛")
    SKILLS = "skills", _("技能竞赛")
    SAFETY = "safety", _("安康杯竞赛")


class Competition(models.Model):
    """A labour competition organised by a union, with the units and teams taking part."""

    kind = models.CharField(_("类别"), max_length=16, choices=CompetitionKind.choices)
    title = models.CharField(_("名称"), max_length=160)
    org = models.ForeignKey(
        Org, verbose_name=_("主办工会"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    description = models.TextField(_("说明"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("劳动竞赛")
        verbose_name_plural = _("劳动竞赛")
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A unit (and its team, 班组/项目部) taking part in a competition."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="participants"
    )
    org = models.ForeignKey(
        Org, verbose_name=_("参赛单位"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.CharField(_("参赛班组（项目部）"), max_length=120, blank=True)
    joined_on = models.DateField(_("报名日期"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("参赛单位")
        verbose_name_plural = _("参赛单位")
        ordering = ["org__path", "team"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "org", "team"], name="honors_participant_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.team}"


class AwardKind(models.TextChoices):
    """Who an award goes to."""

    TEAM = "team", _("优秀班组")
    INDIVIDUAL = "individual", _("先进个人")


class Award(models.Model):
    """An award (表彰): an outstanding team or an individual, usually from a competition."""

    kind = models.CharField(_("类别"), max_length=16, choices=AwardKind.choices)
    name = models.CharField(_("获奖班组或个人"), max_length=120)
    title = models.CharField(_("荣誉名称"), max_length=120)
    competition = models.ForeignKey(
        Competition,
        verbose_name=_("竞赛"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    org = models.ForeignKey(
        Org, verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    awarded_on = models.DateField(_("表彰日期"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("表彰")
        verbose_name_plural = _("表彰")
        ordering = ["-awarded_on", "kind", "name"]
        indexes = [models.Index(fields=["awarded_on"])]

    def __str__(self) -> str:
        return f"{self.title} {self.name}"
