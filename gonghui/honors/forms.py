"""Forms of the honours pages; units are found by name or credit code within the user's scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from gonghui.honors.models import (
    PROVINCIAL_AND_UP,
    AwardKind,
    CompetitionKind,
    HonourLevel,
    PensionStatus,
)
from gonghui.orgs.models import Level, Org, subtree_q
from gonghui.orgs.scoping import visible_orgs

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})
TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}


def find_unit(user: Any, text: str, within: Org | None = None) -> Org:
    """The grassroots union the user may see, by full name, short name or credit code."""
    text = (text or "").strip()
    if not text:
        raise forms.ValidationError("请填写单位名称或统一社会信用代码")
    units = visible_orgs(user).filter(level=Level.GRASSROOTS)
    if within is not None:
        units = units.filter(subtree_q(within, field=""))
    found = list(units.filter(Q(name=text) | Q(short_name=text) | Q(credit_code=text.upper()))[:2])
    if not found:
        raise forms.ValidationError(f"在您的管辖范围内找不到基层工会“{text}”，请核对名称或信用代码")
    if len(found) > 1:
        raise forms.ValidationError(f"“{text}”对应多个单位，请改填统一社会信用代码")
    return found[0]


class ModelWorkerFilter(forms.Form):
    """Filters of the model-worker list."""

    q = forms.CharField(label="姓名", required=False, widget=forms.TextInput(attrs=TEXT))
    level = forms.ChoiceField(
        label="级别",
        required=False,
        choices=[("", "全部级别"), *HonourLevel.choices],
        widget=forms.Select(attrs=SELECT),
    )
    org = forms.TypedChoiceField(
        label="县（市、区）",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    pension = forms.ChoiceField(
        label="补充养老保险",
        required=False,
        choices=[("", "全部"), *PensionStatus.choices],
        widget=forms.Select(attrs=SELECT),
    )
    visited = forms.ChoiceField(
        label="今年走访",
        required=False,
        choices=[("", "全部"), ("yes", "已走访"), ("no", "未走访")],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args: Any, counties: list[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [("", "全部县（市、区）")] + [  # type: ignore[attr-defined]
            (c.pk, c.display_name) for c in counties
        ]


class VisitForm(forms.Form):
    """A visit to a model worker."""

    visited_on = forms.DateField(label="走访日期", widget=DATE)
    visitor = forms.CharField(label="走访人", max_length=120, widget=forms.TextInput(attrs=TEXT))
    note = forms.CharField(
        label="情况记录", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )


class BenefitsForm(forms.Form):
    """A model worker's benefits, with the version the user saw."""

    pension_status = forms.ChoiceField(
        label="补充养老保险", choices=PensionStatus.choices, widget=forms.Select(attrs=SELECT)
    )
    monthly_allowance = forms.DecimalField(
        label="每月荣誉津贴（元）",
        min_value=0,
        max_digits=8,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}),
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class RecommendForm(forms.Form):
    """A county's recommendation of a worker for a provincial or national title."""

    nominee = forms.CharField(label="推荐对象", max_length=60, widget=forms.TextInput(attrs=TEXT))
    job = forms.CharField(
        label="工作单位及职务", max_length=120, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    unit = forms.CharField(
        label="所在基层工会（名称或统一社会信用代码）",
        max_length=120,
        widget=forms.TextInput(attrs=TEXT),
    )
    year = forms.IntegerField(
        label="推荐年度", min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=TEXT)
    )
    level_sought = forms.ChoiceField(
        label="推荐级别",
        choices=[(v, label) for v, label in HonourLevel.choices if v in PROVINCIAL_AND_UP],
        widget=forms.Select(attrs=SELECT),
    )
    front_line = forms.BooleanField(label="一线职工", required=False)
    deeds = forms.CharField(
        label="主要事迹", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["year"].initial = timezone.localdate().year

    def clean_unit(self) -> Org:
        return find_unit(self.user, self.cleaned_data.get("unit", ""))


class ReviewForm(forms.Form):
    """The city's decision on a recommendation."""

    decision = forms.ChoiceField(choices=[("accept", "审核通过"), ("return", "退回")])
    note = forms.CharField(required=False, max_length=200)
    version = forms.IntegerField(min_value=1)


class CompetitionForm(forms.Form):
    """A new competition organised by the user's union."""

    kind = forms.ChoiceField(
        label="类别", choices=CompetitionKind.choices, widget=forms.Select(attrs=SELECT)
    )
    title = forms.CharField(label="名称", max_length=160, widget=forms.TextInput(attrs=TEXT))
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", required=False, widget=DATE)
    description = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )


class ParticipantForm(forms.Form):
    """A unit and its team entering a competition."""

    unit = forms.CharField(
        label="参赛单位（名称或统一社会信用代码）",
        max_length=120,
        widget=forms.TextInput(attrs=TEXT),
    )
    team = forms.CharField(
        label="参赛班组（项目部）",
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    joined_on = forms.DateField(label="报名日期", widget=DATE)

    def __init__(self, *args: Any, user: Any, within: Org, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.within = user, within

    def clean_unit(self) -> Org:
        return find_unit(self.user, self.cleaned_data.get("unit", ""), within=self.within)


class AwardForm(forms.Form):
    """An award to a participant of the competition."""

    kind = forms.ChoiceField(
        label="类别", choices=AwardKind.choices, widget=forms.Select(attrs=SELECT)
    )
    name = forms.CharField(
        label="获奖班组或个人", max_length=120, widget=forms.TextInput(attrs=TEXT)
    )
    title = forms.CharField(label="荣誉名称", max_length=120, widget=forms.TextInput(attrs=TEXT))
    org = forms.ModelChoiceField(
        label="所在单位", queryset=Org.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    awarded_on = forms.DateField(label="表彰日期", widget=DATE)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = units  # type: ignore[attr-defined]
