"""Forms of the hardship pages; they only parse input, the actions validate and write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import SheetFileField
from gonghui.core.spreadsheets import MAX_UPLOAD_BYTES
from gonghui.hardship.models import (
    ArchiveLevel,
    AssistanceKind,
    CategoryChoice,
    Cause,
    FundingSource,
    Programme,
    RemovalReason,
    ReviewDecision,
)
from gonghui.hardship.models.household import (
    Disability,
    Employment,
    Health,
    Relationship,
    SchoolLevel,
)
from gonghui.orgs.models import Org

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal(0)}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for bound in self.fields.values():
            widget = bound.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = css


class VersionedForm(StyledForm):
    """Carries the household version the user saw (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class SurveyForm(StyledForm):
    county = forms.ModelChoiceField(queryset=Org.objects.none(), label=_("县（市、区）"))
    union = forms.CharField(
        label=_("所在基层工会"),
        required=False,
        help_text=_("填写工会名称或统一社会信用代码；农民工等无基层工会的可不填"),
    )
    surveyed_on = forms.DateField(label=_("调查日期"), widget=DATE)
    address = forms.CharField(label=_("家庭住址"), max_length=200, required=False)
    employer = forms.CharField(label=_("工作单位"), max_length=120, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    migrant_worker = forms.BooleanField(label=_("农民工"), required=False)
    level = forms.ChoiceField(label=_("拟建档级别"), choices=ArchiveLevel.choices)
    causes = forms.MultipleChoiceField(
        label=_("致困原因"), choices=Cause.choices, widget=forms.CheckboxSelectMultiple
    )
    other_yearly_income = forms.DecimalField(label=_("其他家庭年收入（元）"), initial=0, **MONEY)
    medical_expenses = forms.DecimalField(label=_("年医疗支出（元）"), initial=0, **MONEY)
    education_expenses = forms.DecimalField(label=_("年教育支出（元）"), initial=0, **MONEY)
    other_expenses = forms.DecimalField(label=_("其他刚性支出（元）"), initial=0, **MONEY)
    accident_losses = forms.DecimalField(
        label=_("意外事故或重大疾病的年损失（元）"), initial=0, **MONEY
    )
    category_override = forms.ChoiceField(
        label=_("困难类别（不填则按测算）"),
        choices=[("", "按测算结果"), *CategoryChoice.choices],
        required=False,
    )
    override_reason = forms.CharField(label=_("调整类别理由"), max_length=200, required=False)

    def __init__(self, *args: Any, counties: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if counties is not None:
            self.fields["county"].queryset = counties


class MemberForm(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=60, required=False)
    relationship = forms.ChoiceField(label=_("与户主关系"), choices=Relationship.choices)
    id_number = forms.CharField(label=_("身份证号"), max_length=24, required=False)
    monthly_income = forms.DecimalField(label=_("月收入（元）"), initial=0, **MONEY)
    health = forms.ChoiceField(label=_("健康状况"), choices=Health.choices)
    disability = forms.ChoiceField(label=_("残疾"), choices=Disability.choices, required=False)
    employment = forms.ChoiceField(label=_("就业状况"), choices=Employment.choices)
    school = forms.CharField(label=_("就读学校"), max_length=120, required=False)
    school_level = forms.ChoiceField(
        label=_("就读阶段"), choices=SchoolLevel.choices, required=False
    )


MemberFormSet = forms.formset_factory(MemberForm, extra=6, max_num=15)


class ArchiveForm(VersionedForm):
    archived_on = forms.DateField(label=_("建档日期"), widget=DATE)
    level = forms.ChoiceField(label=_("档案级别"), choices=ArchiveLevel.choices)


class ReviewForm(VersionedForm):
    reviewed_on = forms.DateField(label=_("年审日期"), widget=DATE)
    other_yearly_income = forms.DecimalField(label=_("其他家庭年收入（元）"), **MONEY)
    rigid_expenses = forms.DecimalField(label=_("年刚性支出（元）"), **MONEY)
    accident_losses = forms.DecimalField(label=_("意外损失（元）"), initial=0, **MONEY)
    decision = forms.ChoiceField(label=_("年审结论"), choices=ReviewDecision.choices)
    removal_reason = forms.ChoiceField(
        label=_("退档原因（结论为退档时）"),
        choices=[("", "—"), *RemovalReason.choices],
        required=False,
    )
    category_override = forms.ChoiceField(
        label=_("困难类别（不填则按测算）"),
        choices=[("", "按测算结果"), *CategoryChoice.choices],
        required=False,
    )
    override_reason = forms.CharField(label=_("调整类别理由"), max_length=200, required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args: Any, members: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member_fields = []
        for person in members:
            name = f"income_{person.pk}"
            self.fields[name] = forms.DecimalField(
                label=f"{person.name}（{person.get_relationship_display()}）月收入",
                initial=person.monthly_income,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
                **MONEY,
            )
            self.member_fields.append(name)


class LiftForm(VersionedForm):
    closed_on = forms.DateField(label=_("解困脱困日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class RemoveForm(VersionedForm):
    closed_on = forms.DateField(label=_("退档日期"), widget=DATE)
    reason = forms.ChoiceField(label=_("退档原因"), choices=RemovalReason.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class AssistanceForm(StyledForm):
    kind = forms.ChoiceField(label=_("帮扶类别"), choices=AssistanceKind.choices)
    amount = forms.DecimalField(label=_("金额（元）"), **MONEY)
    given_on = forms.DateField(label=_("帮扶日期"), widget=DATE)
    funding_source = forms.ChoiceField(label=_("资金来源"), choices=FundingSource.choices)
    programme = forms.ChoiceField(label=_("所属项目"), choices=Programme.choices, required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class RevealForm(StyledForm):
    reason = forms.CharField(
        label=_("查看理由"),
        max_length=200,
        help_text=_("如：核对银行账户、数据比对复核。查看将记入审计日志。"),
    )


class FullIdExportForm(StyledForm):
    reason = forms.CharField(
        label=_("导出理由"),
        max_length=200,
        help_text=_("如：向民政部门报送名单。导出将记入审计日志，文件仅申请人可下载。"),
    )


class ImportForm(StyledForm):
    file = SheetFileField(label=_("档案表（.xlsx 或 .csv）"))

    def clean_file(self):  # type: ignore[no-untyped-def]
        """Refuse at once what the worker would refuse anyway: other formats, huge files."""
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xlsm", ".csv")):
            raise forms.ValidationError(f"文件“{upload.name}”不是 .xlsx 或 .csv 文件")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"文件“{upload.name}”超过{MAX_UPLOAD_BYTES // 1024 // 1024}MB，请拆分后上传"
            )
        return upload
