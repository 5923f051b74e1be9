"""Portal forms: short, phone-friendly, with the privacy consent."""

from __future__ import annotations

from django import forms

from gonghui.orgs.models import Level, Org
from gonghui.portal.models import RequestKind, RequestStatus


def county_choices() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="所在县（市、区）",
        queryset=Org.objects.filter(level=Level.COUNTY, successor__isnull=True).order_by(
            "admin_code"
        ),
        empty_label="请选择",
    )


class HelpForm(forms.Form):
    kind = forms.ChoiceField(label="我要", choices=RequestKind.choices)
    org = county_choices()
    name = forms.CharField(label="姓名", max_length=60)
    phone = forms.CharField(label="联系电话", max_length=20)
    id_number = forms.CharField(
        label="身份证号",
        max_length=20,
        required=False,
        help_text="申请帮扶时必填；法律咨询和投诉可不填（不填时，查询进度用电话号码后4位）",
    )
    employer = forms.CharField(label="工作单位", max_length=120, required=False)
    matter = forms.ChoiceField(label="反映事项", required=False, choices=())
    content = forms.CharField(
        label="诉求内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    consent = forms.BooleanField(label="我已阅读并同意《个人信息处理告知》", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from gonghui.rights.models import Matter

        self.fields["matter"].choices = Matter.choices
        self.fields["org"].label_from_instance = lambda org: org.short_name or org.name


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=20)
    last4 = forms.CharField(label="身份证号（或电话）后4位", min_length=4, max_length=4)


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label="办理状态",
        choices=[(s.value, s.label) for s in RequestStatus if s != RequestStatus.RECEIVED],
    )
    answer = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class BookingForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=60)
    phone = forms.CharField(label="联系电话", max_length=20)
    matter = forms.ChoiceField(label="咨询事项", choices=())
    consent = forms.BooleanField(label="我已阅读并同意《个人信息处理告知》", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from gonghui.rights.models import Matter

        self.fields["matter"].choices = Matter.choices
