"""Volunteer lawyers (职工维权志愿律师团), service centres, the shift rota and consultations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org
from gonghui.orgs.scoping import ScopedQuerySet
from gonghui.rights.models.petitions import Matter, Petition


class VolunteerLawyer(models.Model):
    """A lawyer of a union's volunteer group; linked to an account when they record shifts."""

    org = models.ForeignKey(Org, verbose_name=_("所属工会"), on_delete=models.PROTECT)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_lawyer",
    )
    name = models.CharField(_("姓名"), max_length=60)
    firm = models.CharField(_("律师事务所"), max_length=120)
    licence_number = models.CharField(_("执业证号"), max_length=17, unique=True)
    specialties = models.CharField(_("擅长领域"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    owner_field = "user"

    class Meta:
        verbose_name = _("维权志愿律师")
        verbose_name_plural = _("维权志愿律师")
        ordering = ["org__path", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.firm}）"


class ServiceCentre(models.Model):
    """A workers' service centre (职工服务中心) with windows where lawyers sit."""

    org = models.ForeignKey(Org, verbose_name=_("所属工会"), on_delete=models.PROTECT)
    name = models.CharField(_("名称"), max_length=120)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    windows = models.PositiveSmallIntegerField(_("窗口数"), default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("职工服务中心")
        verbose_name_plural = _("职工服务中心")
        ordering = ["org__path", "name"]

    def __str__(self) -> str:
        return self.name


class LawyerShift(models.Model):
    """A lawyer's turn at a centre's window (律师驻点接访) on a day."""

    lawyer = models.ForeignKey(
        VolunteerLawyer, verbose_name=_("律师"), on_delete=models.PROTECT, related_name="shifts"
    )
    centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("服务中心"), on_delete=models.PROTECT, related_name="shifts"
    )
    window = models.PositiveSmallIntegerField(_("窗口"), default=1)
    on = models.DateField(_("日期"), db_index=True)
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    places = models.PositiveSmallIntegerField(_("可预约人数"), default=4)

    objects = ScopedQuerySet.as_manager()
    scope_field = "centre__org"
    owner_field = "lawyer__user"

    class Meta:
        verbose_name = _("律师值班")
        verbose_name_plural = _("律师值班")
        ordering = ["on", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_it_starts"
            ),
            models.UniqueConstraint(
                fields=["lawyer", "on", "starts_at"], name="shift_once_per_lawyer_and_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.starts_at:%H:%M}-{self.ends_at:%H:%M} {self.lawyer.name}"


class Referral(models.TextChoices):
    NONE = "none", _("当场解答")
    PETITION = "petition", _("转信访件")
    LEGAL_AID = "legal_aid", _("转法律援助")


class Consultation(models.Model):
    """A worker's consultation during a shift (接访记录)."""

    shift = models.ForeignKey(
        LawyerShift, verbose_name=_("值班"), on_delete=models.CASCADE, related_name="consultations"
    )
    worker_name = models.CharField(_("职工姓名"), max_length=60)
    worker_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    matter = models.CharField(_("咨询事项"), max_length=20, choices=Matter.choices)
    question = models.TextField(_("咨询内容"), blank=True)
    advice = models.TextField(_("解答意见"))
    referral = models.CharField(
        _("处理方式"), max_length=10, choices=Referral.choices, default=Referral.NONE
    )
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("转入的信访件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_field = "shift__centre__org"
    owner_field = "shift__lawyer__user"

    class Meta:
        verbose_name = _("咨询记录")
        verbose_name_plural = _("咨询记录")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.worker_name} {self.get_matter_display()}"


class Booking(models.Model):
    """A worker's booked consultation on a shift (网上预约律师), made on the portal."""

    shift = models.ForeignKey(
        LawyerShift, verbose_name=_("值班"), on_delete=models.PROTECT, related_name="bookings"
    )
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=20)
    matter = models.CharField(_("咨询事项"), max_length=20)
    created_at = models.DateTimeField(_("预约时间"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "shift__centre__org"

    class Meta:
        verbose_name = _("律师预约")
        verbose_name_plural = _("律师预约")
        ordering = ["shift", "created_at"]

    def __str__(self) -> str:
        return f"{self.shift} · {self.name}"
