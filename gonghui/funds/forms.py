"""The upload form of the receipt sheet."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import SheetFileField


class ImportForm(forms.Form):
    file = SheetFileField(label=_("经费收入表（.xlsx 或 .csv）"))
