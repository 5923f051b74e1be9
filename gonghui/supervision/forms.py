"""Forms of the supervision pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from gonghui.core.forms import SheetFileField
from gonghui.supervision.models import RUBRIC, PlanKind


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class ReportForm(StyledForm):
    progress = forms.DecimalField(
        label="完成进度（%）", min_value=Decimal(0), max_value=Decimal(100), decimal_places=1
    )
    quantity = forms.DecimalField(
        label="完成数量", required=False, min_value=Decimal(0), decimal_places=2
    )
    done_text = forms.CharField(label="已完成工作", widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(
        label="存在问题", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label="下步打算", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = forms.FileField(label="附件（PDF、Word、Excel、图片，10MB以内）", required=False)
    # The report's version when the page was opened (0: not yet written); a stale one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ReturnForm(StyledForm):
    comment = forms.CharField(
        label="退回意见", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(StyledForm):
    title = forms.CharField(label="计划名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="类别", choices=PlanKind.choices)
    file = SheetFileField(label="Excel 文件（.xlsx 或 .csv）")


class NoticeForm(StyledForm):
    doc_number = forms.CharField(label="发文字号", max_length=40, required=False)


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label="评语",
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for code, label, most in RUBRIC:
            self.fields[f"score_{code}"] = forms.DecimalField(
                label=f"{label}（满分{most}）",
                min_value=Decimal(0),
                max_value=Decimal(most),
                decimal_places=1,
                widget=forms.NumberInput(
                    attrs={"class": "form-control form-control-sm", "step": "0.1"}
                ),
            )
