"""Labour-law supervision (劳动法律监督): committees and the three documents (一函两书)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core import creditcode
from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import ScopedQuerySet


class SupervisionCommittee(models.Model):
    """A grassroots union's labour-law supervision committee (劳动法律监督委员会)."""

    union = models.OneToOneField(
        Org,
        verbose_name=_("基层工会"),
        on_delete=models.PROTECT,
        related_name="supervision_committee",
    )
    set_up_on = models.DateField(_("成立日期"), db_index=True)
    chair = models.CharField(_("主任"), max_length=60)
    members_count = models.PositiveSmallIntegerField(_("委员人数"), default=3)

    objects = ScopedQuerySet.as_manager()
    scope_field = "union"

    class Meta:
        verbose_name = _("劳动法律监督委员会")
        verbose_name_plural = _("劳动法律监督委员会")
        ordering = ["union__path"]

    def __str__(self) -> str:
        return f"{self.union.name}劳动法律监督委员会"

    def clean(self) -> None:
        if self.union_id and self.union.level != Level.GRASSROOTS:
            raise ValidationError({"union": _("劳动法律监督委员会只能设在基层工会")})


class LetterKind(models.TextChoices):
    """The escalating documents, in order (提示函 → 意见书 → 建议书)."""

    REMINDER_LETTER = "reminder_letter", _("提示函")
    OPINION = "opinion", _("意见书")
    RECOMMENDATION = "recommendation", _("建议书")


LETTER_ORDER = [LetterKind.REMINDER_LETTER, LetterKind.OPINION, LetterKind.RECOMMENDATION]


class LetterTopic(models.TextChoices):
    INTERNAL_RULES = "internal_rules", _("规章制度")
    COLLECTIVE_CONTRACT = "collective_contract", _("集体合同")
    WORKERS_CONGRESS = "workers_congress", _("职工代表大会")
    LABOUR_CONTRACT = "labour_contract", _("劳动合同")
    PAY_AND_INSURANCE = "pay_and_insurance", _("工资与社会保险")
    HOURS_AND_LEAVE = "hours_and_leave", _("工作时间与休息休假")
    SAFETY_AND_HEALTH = "safety_and_health", _("劳动安全卫生")


class SupervisionLetter(models.Model):
    """One of 一函两书 sent to an employer, tracked until the employer's reply."""

    org = models.ForeignKey(Org, verbose_name=_("发文工会"), on_delete=models.PROTECT)
    kind = models.CharField(_("文书种类"), max_length=16, choices=LetterKind.choices)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    follows = models.ForeignKey(
        "self",
        verbose_name=_("前一文书"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_by",
    )
    employer_org = models.ForeignKey(
        Org,
        verbose_name=_("用人单位（本系统）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employer_name = models.CharField(_("用人单位"), max_length=120)
    employer_credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    topic = models.CharField(_("监督事项"), max_length=20, choices=LetterTopic.choices)
    content = models.TextField(_("主要内容"), blank=True)
    issued_on = models.DateField(_("发出日期"), db_index=True)
    reply_due_on = models.DateField(_("回复期限"))
    replied_on = models.DateField(_("回复日期"), null=True, blank=True)
    reply_text = models.TextField(_("回复内容"), blank=True)
    corrected = models.BooleanField(_("已整改"), default=False)
    referred_on = models.DateField(_("提请检察机关日期"), null=True, blank=True)
    referral_note = models.TextField(_("提请说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("一函两书")
        verbose_name_plural = _("一函两书")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reply_due_on__gte=models.F("issued_on")),
                name="letter_reply_due_after_issue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.employer_name}（{self.get_topic_display()}）"

    def clean(self) -> None:
        if self.employer_credit_code:
            try:
                self.employer_credit_code = creditcode.validate(self.employer_credit_code)
            except creditcode.CreditCodeError as exc:
                raise ValidationError({"employer_credit_code": str(exc)}) from exc
        if self.issued_on and self.reply_due_on and self.reply_due_on < self.issued_on:
            raise ValidationError({"reply_due_on": _("回复期限不能早于发出日期")})
