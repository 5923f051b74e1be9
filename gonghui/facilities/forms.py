"""Entry forms of the facilities module."""

from __future__ import annotations

from django import forms

from gonghui.facilities.models import PointKind, ProjectKind, Stage
from gonghui.orgs.models import Level, Org

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})
TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Org) -> str:
        return obj.name


def unit_field(queryset: object) -> UnitChoice:
    """The union a record belongs to: county and township unions the user may see."""
    return UnitChoice(
        label="所属工会",
        queryset=queryset.filter(level__in=[Level.COUNTY, Level.TOWNSHIP, Level.CITY]),  # type: ignore[attr-defined]
        widget=forms.Select(attrs=SELECT),
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label="阶段", choices=Stage.choices, widget=forms.Select(attrs=SELECT)
    )
    reached_on = forms.DateField(label="日期", widget=DATE)
    evidence = forms.CharField(
        label="佐证（批复文号、合同、照片说明）",
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
    )


class ProjectForm(forms.Form):
    def __init__(self, *args: object, orgs: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["org"] = unit_field(orgs)
        self.order_fields(["org", "kind", "name", "place"])

    kind = forms.ChoiceField(
        label="类别", choices=ProjectKind.choices, widget=forms.Select(attrs=SELECT)
    )
    name = forms.CharField(label="项目名称", max_length=120, widget=forms.TextInput(attrs=TEXT))
    place = forms.CharField(
        label="地点", max_length=120, required=False, widget=forms.TextInput(attrs=TEXT)
    )


class ServicePointForm(forms.Form):
    def __init__(self, *args: object, orgs: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["org"] = unit_field(orgs)
        self.order_fields(
            ["org", "kind", "name", "place", "hours", "capacity", "contact", "opened_on"]
        )

    kind = forms.ChoiceField(
        label="类别", choices=PointKind.choices, widget=forms.Select(attrs=SELECT)
    )
    name = forms.CharField(label="名称", max_length=120, widget=forms.TextInput(attrs=TEXT))
    place = forms.CharField(label="地址", max_length=200, widget=forms.TextInput(attrs=TEXT))
    hours = forms.CharField(
        label="开放时间", max_length=100, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    capacity = forms.IntegerField(
        label="容纳人数", min_value=1, required=False, widget=forms.NumberInput(attrs=TEXT)
    )
    contact = forms.CharField(
        label="联系电话", max_length=40, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    opened_on = forms.DateField(label="启用日期", widget=DATE)
