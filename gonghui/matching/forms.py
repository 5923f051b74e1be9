"""Forms of data comparison: upload, column mapping, dismissal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.matching.engine import FIELD_LABELS, FIELDS
from gonghui.matching.models import ListKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("名单类别"), choices=ListKind.choices)
    title = forms.CharField(label=_("名单名称"), max_length=120)
    source = forms.CharField(label=_("来源单位"), max_length=120, required=False)
    file = forms.FileField(label=_("名单文件（CSV、XLSX 或 Parquet，最大 2 GB）"))


class MappingForm(forms.Form):
    """One choice per field among the file's headers (blank = not in the file)."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "（无此列）"), *[(h, h) for h in headers]]
        for field in FIELDS:
            self.fields[field] = forms.ChoiceField(
                label=FIELD_LABELS[field], choices=choices, required=False
            )

    def mapping(self) -> dict[str, str]:
        """The chosen field → header pairs."""
        return {field: self.cleaned_data.get(field) or "" for field in FIELDS}


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("排除理由"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
