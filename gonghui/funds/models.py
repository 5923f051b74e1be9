"""Dues records (工会经费): yearly plans per county, monthly receipts, the split between levels."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core import creditcode
from gonghui.funds import rules
from gonghui.orgs.counties import county_id_of
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import ScopedQuerySet


class DuesPlan(models.Model):
    """A county's yearly dues target (年度征缴计划), optionally with a monthly curve."""

    org = models.ForeignKey(Org, verbose_name=_("工会"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(
        _("计划金额（元）"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    # Twelve monthly weights (e.g. receipts peak after the year-end bonuses); blank = straight line.
    monthly_curve = models.JSONField(_("月度曲线"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("经费征缴计划")
        verbose_name_plural = _("经费征缴计划")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="dues_plan_once")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}: {self.amount}"

    def clean(self) -> None:
        if self.monthly_curve is not None:
            try:
                rules.normalize_curve(self.monthly_curve)
            except (TypeError, ValueError) as exc:
                raise ValidationError({"monthly_curve": str(exc)}) from exc


class DuesReceipt(models.Model):
    """One employer's dues for one month as the tax office transferred them (经费收入)."""

    # The county union it was paid to, or the paying employer's own grassroots union.
    org = models.ForeignKey(Org, verbose_name=_("工会"), on_delete=models.PROTECT)
    # Denormalised county of `org` (set on save): the dues page groups millions of receipts by
    # county with one indexed GROUP BY instead of joining every receipt to the org tree.
    county = models.ForeignKey(
        Org,
        verbose_name=_("县级工会"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    month = models.DateField(_("所属月份"), help_text=_("该月第一天"))
    employer_name = models.CharField(_("缴费单位"), max_length=120)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True)
    payroll = models.DecimalField(_("工资总额（元）"), max_digits=14, decimal_places=2)
    amount = models.DecimalField(_("缴费金额（元）"), max_digits=14, decimal_places=2)
    # 工会筹备金: paid by an employer that has no union yet, to the union above.
    preparatory = models.BooleanField(_("筹备金"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("经费收入")
        verbose_name_plural = _("经费收入")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "month", "credit_code"], name="dues_receipt_once_a_month"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0) & models.Q(payroll__gte=0),
                name="dues_receipt_not_negative",
            ),
        ]
        # The amount is in the key so that the per-county sums read the index alone
        # (index-only scan), on SQLite too (which has no INCLUDE).
        indexes = [
            models.Index(fields=["county", "month", "amount"], name="dues_county_month"),
            models.Index(fields=["org", "month"], name="dues_org_month"),
            models.Index(fields=["month", "county", "employer_name"], name="dues_month_list"),
        ]
        ordering = ["-month", "employer_name"]

    def __str__(self) -> str:
        return f"{self.employer_name} {self.month:%Y-%m}: {self.amount}"

    def clean(self) -> None:
        try:
            self.credit_code = creditcode.validate(self.credit_code)
        except creditcode.CreditCodeError as exc:
            raise ValidationError({"credit_code": str(exc)}) from exc
        if self.month:
            self.month = rules.month_start(self.month)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.county_id = county_id_of(self.org)
        super().save(*args, **kwargs)


class DuesMonthTotal(models.Model):
    """A county's receipts of one month, summed (月度汇总).

    Kept exact by `gonghui.funds.totals.refresh` whenever receipts are written (the import,
    the demo, a save or delete of one receipt): the dues page of a province then reads a few
    hundred rows instead of aggregating millions of receipts on every request.
    """

    county = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    receipts = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("经费月度汇总")
        verbose_name_plural = _("经费月度汇总")
        constraints = [
            models.UniqueConstraint(fields=["county", "month"], name="dues_month_total_once")
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.month:%Y-%m}: {self.amount}"


class ShareLevel(models.TextChoices):
    GRASSROOTS = "grassroots", _("基层工会")
    COUNTY = "county", _("县级工会")
    CITY = "city", _("市总工会")
    PROVINCE = "province", _("省总工会")
    NATIONAL = "national", _("全国总工会")


class ShareRule(models.Model):
    """How a province splits dues receipts between levels in a year (分成比例), as data."""

    year = models.PositiveSmallIntegerField(_("年度"))
    province_code = models.CharField(_("省级行政区划代码"), max_length=6)
    # {"grassroots": 60, "county": 17, ...}: percentages by ShareLevel, summing to 100.
    shares = models.JSONField(_("各级分成（%）"))

    class Meta:
        verbose_name = _("经费分成比例")
        verbose_name_plural = _("经费分成比例")
        constraints = [
            models.UniqueConstraint(fields=["year", "province_code"], name="share_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.province_code} {self.year}"

    def clean(self) -> None:
        shares = self.shares if isinstance(self.shares, dict) else None
        if not shares or any(k not in ShareLevel.values for k in shares):
            raise ValidationError({"shares": _("分成比例须按层级填写")})
        try:
            total = sum(Decimal(str(v)) for v in shares.values())
        except ArithmeticError as exc:
            raise ValidationError({"shares": _("分成比例须为数字")}) from exc
        if total != 100 or any(Decimal(str(v)) < 0 for v in shares.values()):
            raise ValidationError({"shares": _("各级分成比例之和须为100%")})

    def split(self, amount: Decimal) -> dict[str, Decimal]:
        """The amount each level receives (the rounding remainder stays with the grassroots)."""
        parts = {
            level: (amount * Decimal(str(pct)) / 100).quantize(rules.CENT)
            for level, pct in self.shares.items()
        }
        first = next(iter(parts))
        parts[first] += amount - sum(parts.values())
        return parts
