"""Forms of the organization pages: record an election, record a joint meeting's steps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.unions import rules
from gonghui.unions.models import Body


def _date() -> forms.DateInput:
    return forms.DateInput(
        attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"
    )


class ElectionForm(forms.Form):
    elected_on = forms.DateField(label=_("选举日期"), widget=_date())
    term_years = forms.TypedChoiceField(
        label=_("任期"),
        coerce=int,
        choices=[(y, f"{y}年") for y in rules.TERM_YEARS],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    approved = forms.BooleanField(
        label=_("提前或延期换届已经上一级工会批准"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    approved_on = forms.DateField(label=_("批准日期"), required=False, widget=_date())
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class JointMeetingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    topics = forms.CharField(
        label=_("议题"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    preparation_started_on = forms.DateField(label=_("开始筹备"), required=False, widget=_date())
    plan_reported_on = forms.DateField(label=_("计划上报市总"), required=False, widget=_date())
    held_on = forms.DateField(label=_("召开日期"), required=False, widget=_date())


class BodyForm(forms.Form):
    """The make-up of a union's congress, committee or standing committee on a date."""

    body = forms.ChoiceField(
        label=_("机构"),
        choices=Body.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    reported_on = forms.DateField(label=_("日期"), widget=_date())
    members = forms.IntegerField(
        label=_("人数"),
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    front_line = forms.IntegerField(
        label=_("其中一线职工"),
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )


class WomenCommitteeForm(forms.Form):
    set_up_on = forms.DateField(label=_("成立日期"), widget=_date())
    chair = forms.CharField(
        label=_("主任"),
        max_length=60,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
