"""Forms of the programme pages (金秋助学, 冬送温暖, 职工医疗互助): they only parse input; the
actions (programme_actions, winter_actions, medical_actions) validate and write."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.hardship.forms import DATE, StyledForm
from gonghui.hardship.models import EducationAidRound, Person, WinterDelivery
from gonghui.hardship.models.household import SchoolLevel
from gonghui.hardship.programme_actions import CHILD_RELATIONSHIPS
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import visible_orgs

AMOUNT = {"max_digits": 12, "decimal_places": 2}


class EducationApplyForm(StyledForm):
    """A child of the household applies in one of the rounds open to it."""

    round = forms.ModelChoiceField(
        queryset=EducationAidRound.objects.none(), label=_("金秋助学批次"), empty_label=None
    )
    child = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("学生（家庭成员）"))
    school = forms.CharField(label=_("录取学校"), max_length=120)
    level = forms.ChoiceField(label=_("学段"), choices=())
    applied_on = forms.DateField(label=_("申请日期"), widget=DATE)

    def __init__(
        self, *args: Any, rounds: Sequence[EducationAidRound], members: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        round_field = self.fields["round"]
        round_field.queryset = EducationAidRound.objects.filter(  # type: ignore[attr-defined]
            pk__in=[r.pk for r in rounds]
        )
        child_field = self.fields["child"]
        child_field.queryset = members.filter(  # type: ignore[attr-defined]
            relationship__in=CHILD_RELATIONSHIPS
        )
        levels = {key for r in rounds for key in r.amounts}
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in SchoolLevel.choices if value in levels
        ]


class DecideForm(StyledForm):
    """The date of a decision or payment, for one application or the selected ones."""

    on = forms.DateField(label=_("审批/发放日期"), widget=DATE)


class HouseholdTargetForm(forms.Form):
    household = forms.IntegerField(widget=forms.HiddenInput)


class NamedTargetForm(StyledForm):
    group = forms.ChoiceField(
        label=_("对象类别"),
        choices=[
            (value, label)
            for value, label in WinterDelivery.Group.choices
            if value != WinterDelivery.Group.ARCHIVED
        ],
    )
    recipient_name = forms.CharField(label=_("慰问对象姓名"), max_length=60)
    org_ref = forms.CharField(
        label=_("慰问单位"),
        required=False,
        help_text=_("工会名称或统一社会信用代码；不填为本单位"),
    )


class DeliveryForm(StyledForm):
    delivered_on = forms.DateField(label=_("送达日期"), widget=DATE)
    amount = forms.DecimalField(label=_("慰问金（元）"), min_value=Decimal("0.01"), **AMOUNT)
    goods = forms.CharField(label=_("慰问品"), max_length=120, required=False)


class EnrolForm(StyledForm):
    org_ref = forms.CharField(
        label=_("参保工会"),
        required=False,
        help_text=_("工会名称或统一社会信用代码；不填为本单位"),
    )
    members = forms.IntegerField(label=_("参保人数"), min_value=1)
    enrolled_on = forms.DateField(label=_("参保日期"), widget=DATE)


class ClaimForm(StyledForm):
    claimant_name = forms.CharField(label=_("申请人（参保职工）"), max_length=60)
    hospital = forms.CharField(label=_("就诊医院"), max_length=120)
    out_of_pocket = forms.DecimalField(
        label=_("个人自付（元）"), min_value=Decimal("0.01"), **AMOUNT
    )
    claimed_on = forms.DateField(label=_("申请日期"), widget=DATE)


class PayForm(StyledForm):
    paid_on = forms.DateField(label=_("支付日期"), widget=DATE)


def resolve_org(user: Any, ref: str) -> Org:
    """The union named (name, short name or credit code) in the user's scope; blank is the
    user's own org. A clear refusal (field org_ref) otherwise."""
    ref = (ref or "").strip()
    if not ref:
        if getattr(user, "org", None) is None:
            raise ValidationError({"org_ref": ["请填写工会名称或统一社会信用代码"]})
        return user.org  # type: ignore[no-any-return]
    found = (
        visible_orgs(user)
        .filter(Q(name=ref) | Q(short_name=ref) | Q(credit_code=ref.upper()))
        .order_by("depth", "pk")
        .first()
    )
    if found is None:
        raise ValidationError({"org_ref": [f"在您的范围内找不到工会“{ref}”"]})
    return found
