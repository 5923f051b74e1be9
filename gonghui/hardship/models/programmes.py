"""The three aid programmes the speech names: 金秋助学, 冬送温暖 and 职工医疗互助."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.hardship.models.household import MONEY, Household, Person, SchoolLevel
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import ScopedQuerySet


class EducationAidRound(models.Model):
    """A yearly round of autumn education aid (金秋助学), with the amount per school level."""

    org = models.ForeignKey(Org, verbose_name=_("主办工会"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=120)
    # {"senior": "1000", "college": "3000", …}: set each year, hence data.
    amounts = models.JSONField(_("各学段资助标准"), default=dict, blank=True)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("金秋助学")
        verbose_name_plural = _("金秋助学")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="education_round_once")]
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name

    def amount_for(self, level: str) -> Decimal:
        return Decimal(str(self.amounts.get(level, 0)))


class EducationAidApplication(models.Model):
    """One child's application in a round; the same child is funded at most once a year."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("已申请")
        APPROVED = "approved", _("已审批")
        REJECTED = "rejected", _("未通过")
        PAID = "paid", _("已发放")

    round = models.ForeignKey(
        EducationAidRound, on_delete=models.PROTECT, related_name="applications"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    org = models.ForeignKey(Org, verbose_name=_("申报工会"), on_delete=models.PROTECT)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="education_aid"
    )
    child = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL)
    child_name = models.CharField(_("学生姓名"), max_length=60)
    child_id_index = models.CharField(max_length=64, db_index=True, editable=False)
    child_id_masked = models.CharField(_("学生身份证号"), max_length=18, editable=False)
    school = models.CharField(_("录取学校"), max_length=120)
    level = models.CharField(_("学段"), max_length=16, choices=SchoolLevel.choices)
    amount = models.DecimalField(_("资助金额（元）"), **MONEY)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    applied_on = models.DateField(_("申请日期"))
    approved_on = models.DateField(_("审批日期"), null=True, blank=True)
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("金秋助学申请")
        verbose_name_plural = _("金秋助学申请")
        constraints = [
            # No double funding (不重复资助): one live application per child per year.
            models.UniqueConstraint(
                fields=["year", "child_id_index"],
                condition=~Q(status="rejected"),
                name="education_aid_once_a_year",
            )
        ]
        ordering = ["-applied_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.child_name} {self.year}"


class WinterCampaign(models.Model):
    """A yearly winter-warmth campaign (冬送温暖) before the Spring Festival."""

    org = models.ForeignKey(Org, verbose_name=_("主办工会"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("春节年度"))
    name = models.CharField(_("名称"), max_length=120)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("冬送温暖")
        verbose_name_plural = _("冬送温暖")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="winter_once_a_year")]
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name


class WinterDelivery(models.Model):
    """A target of the campaign (送温暖对象); delivered once `delivered_on` is set."""

    class Group(models.TextChoices):
        ARCHIVED = "archived", _("建档困难职工")
        MODEL_WORKER = "model_worker", _("困难劳模")
        FRONT_LINE = "front_line", _("一线职工")
        MIGRANT = "migrant", _("农民工")

    campaign = models.ForeignKey(
        WinterCampaign, on_delete=models.PROTECT, related_name="deliveries"
    )
    org = models.ForeignKey(Org, verbose_name=_("慰问单位"), on_delete=models.PROTECT)
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.PROTECT)
    group = models.CharField(_("对象类别"), max_length=16, choices=Group.choices)
    recipient_name = models.CharField(_("慰问对象"), max_length=60)
    amount = models.DecimalField(_("慰问金（元）"), **MONEY)
    goods = models.CharField(_("慰问品"), max_length=120, blank=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("送温暖对象")
        verbose_name_plural = _("送温暖对象")
        ordering = ["campaign", "pk"]
        constraints = [
            # One visit per household per campaign, even when two staff list it at once.
            models.UniqueConstraint(
                fields=["campaign", "household"],
                condition=Q(household__isnull=False),
                name="winter_once_per_household",
            ),
            models.CheckConstraint(
                condition=Q(delivered_on__isnull=True) | Q(amount__gt=0),
                name="winter_delivery_has_money",
            ),
        ]

    def __str__(self) -> str:
        return self.recipient_name


class MedicalAidPhase(models.Model):
    """A numbered phase of workers' mutual medical aid (职工医疗互助, e.g. 第九期)."""

    number = models.PositiveSmallIntegerField(_("期数"), unique=True)
    name = models.CharField(_("名称"), max_length=120)
    starts_on = models.DateField(_("保障开始"))
    ends_on = models.DateField(_("保障结束"))
    premium_per_person = models.DecimalField(_("每人互助金（元）"), **MONEY)

    class Meta:
        verbose_name = _("职工医疗互助")
        verbose_name_plural = _("职工医疗互助")
        ordering = ["-number"]

    def __str__(self) -> str:
        return self.name


class MedicalAidEnrolment(models.Model):
    """A union's enrolment of its members in a phase, with the premiums paid."""

    phase = models.ForeignKey(MedicalAidPhase, on_delete=models.PROTECT, related_name="enrolments")
    org = models.ForeignKey(Org, verbose_name=_("参保工会"), on_delete=models.PROTECT)
    members = models.PositiveIntegerField(_("参保人数"))
    premiums = models.DecimalField(_("互助金（元）"), **MONEY)
    enrolled_on = models.DateField(_("参保日期"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("医疗互助参保")
        verbose_name_plural = _("医疗互助参保")
        constraints = [
            models.UniqueConstraint(fields=["phase", "org"], name="medical_enrol_once_a_phase")
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.members}"


class MedicalAidClaim(models.Model):
    """A member's claim for out-of-pocket hospital costs, and its payout."""

    enrolment = models.ForeignKey(
        MedicalAidEnrolment, on_delete=models.PROTECT, related_name="claims"
    )
    claimant_name = models.CharField(_("申请人"), max_length=60)
    hospital = models.CharField(_("医院"), max_length=120)
    out_of_pocket = models.DecimalField(_("个人自付（元）"), **MONEY)
    payout = models.DecimalField(_("补助金额（元）"), default=Decimal(0), **MONEY)
    claimed_on = models.DateField(_("申请日期"))
    paid_on = models.DateField(_("支付日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "enrolment__org"

    class Meta:
        verbose_name = _("医疗互助理赔")
        verbose_name_plural = _("医疗互助理赔")
        ordering = ["-claimed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(payout__gte=0) & Q(payout__lte=F("out_of_pocket")),
                name="medical_payout_within_cost",
            )
        ]

    def __str__(self) -> str:
        return f"{self.claimant_name} {self.claimed_on}"
