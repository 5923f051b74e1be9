"""Form helpers shared by the modules' pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_action_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a named action's refusal on the form: per field where the form has that field,
    otherwise at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class SheetFileField(forms.FileField):
    """The file field of every import page, with Chinese refusals that name the file
    (Django's own say "file 所提交的是空文件。", the field's English name first)."""

    default_error_messages = {
        "required": "请选择要导入的文件（.xlsx 或 .csv）",
        "invalid": "没有收到文件：请检查表单的编码方式后重新选择文件",
        "missing": "没有收到文件，请重新选择",
        "empty": "上传的文件“%(name)s”是空文件（0字节）：请选择填好数据的 .xlsx 或 .csv 文件",
        "max_length": "文件名过长（最多%(max)d个字符，当前%(length)d个），请改短后重新上传",
        "contradiction": "请选择文件，或取消“清除”，二者只能选一",
    }

    def to_python(self, data: object) -> object:
        try:
            return super().to_python(data)
        except ValidationError as exc:
            if exc.code == "empty":
                name = getattr(data, "name", "") or ""
                raise ValidationError(
                    self.error_messages["empty"] % {"name": name}, code="empty"
                ) from None
            raise
