"""Forms of the rights pages; the writes themselves are in actions.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import scope_for_user, visible_orgs
from gonghui.rights.models import (
    Channel,
    LeaderReceptionDay,
    LetterKind,
    LetterTopic,
    Matter,
    Referral,
    State,
)

# ISO format: an <input type="date"> shows nothing for a value in any other format.
DATE = forms.DateInput(
    format="%Y-%m-%d", attrs={"type": "date", "class": "form-control form-control-sm"}
)


def handling_orgs(user: Any) -> Any:
    """Unions the user may handle petitions in: their visible non-grassroots orgs and their own."""
    return (
        visible_orgs(user)
        .filter(Q(level__in=[Level.CITY, Level.COUNTY, Level.TOWNSHIP]) | Q(pk=user.org_id))
        .order_by("path")
    )


class BootstrapMixin:
    """Bootstrap classes on every widget."""

    def _style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            css = "form-select form-select-sm" if isinstance(widget, forms.Select) else ""
            css = css or ("form-check-input" if isinstance(widget, forms.CheckboxInput) else "")
            widget.attrs.setdefault("class", css or "form-control form-control-sm")


class PetitionForm(BootstrapMixin, forms.Form):
    org = forms.ModelChoiceField(label=_("承办工会"), queryset=Org.objects.none())
    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices)
    received_on = forms.DateField(label=_("收到日期"), widget=DATE)
    persons = forms.IntegerField(label=_("人数"), min_value=1, initial=1)
    employer_name = forms.CharField(label=_("用人单位"), max_length=120, required=False)
    employer_credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=30,
        required=False,
        help_text=_("本系统中已有的单位按信用代码自动关联"),
    )
    matter = forms.ChoiceField(label=_("反映事项"), choices=Matter.choices)
    content = forms.CharField(label=_("反映内容"), widget=forms.Textarea(attrs={"rows": 4}))
    reception_day = forms.ModelChoiceField(
        label=_("领导接访日"),
        queryset=LeaderReceptionDay.objects.none(),
        required=False,
        empty_label="（不是在领导接访日收到的）",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = handling_orgs(user)
        self.fields["reception_day"].queryset = scope_for_user(
            LeaderReceptionDay.objects.all(), user
        ).select_related("org")
        if user.org_id:
            self.fields["org"].initial = user.org_id
        self._style()


class PetitionerForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=60, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    id_number = forms.CharField(label=_("身份证号"), max_length=30, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


PetitionerFormSet = forms.formset_factory(PetitionerForm, extra=5, max_num=5)


class FilterForm(BootstrapMixin, forms.Form):
    """The petition list's filters; every field is optional."""

    channel = forms.ChoiceField(
        label=_("渠道"), choices=[("", "全部"), *Channel.choices], required=False
    )
    matter = forms.ChoiceField(
        label=_("事项"), choices=[("", "全部"), *Matter.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", "全部"), *State.choices], required=False
    )
    county = forms.ModelChoiceField(
        label=_("县（市、区）"), queryset=Org.objects.none(), required=False, empty_label="全部"
    )
    start = forms.DateField(label=_("收到日期自"), required=False, widget=DATE)
    end = forms.DateField(label=_("至"), required=False, widget=DATE)
    overdue = forms.BooleanField(label=_("只看超期"), required=False)
    group = forms.BooleanField(label=_("只看群体访"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = (
            visible_orgs(user).filter(level=Level.COUNTY).order_by("admin_code")
        )
        self._style()


class PeriodForm(BootstrapMixin, forms.Form):
    start = forms.DateField(label=_("自"), required=False, widget=DATE)
    end = forms.DateField(label=_("至"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


def _today() -> Any:
    return timezone.localdate()


class StepForm(BootstrapMixin, forms.Form):
    """A workflow step: the date it happened and the version the user saw."""

    on = forms.DateField(label=_("日期"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class AcceptForm(StepForm):
    notice_on = forms.DateField(label=_("告知日期"), required=False, widget=DATE)


class DeclineForm(StepForm):
    reason = forms.CharField(label=_("不予受理理由"), widget=forms.Textarea(attrs={"rows": 2}))
    notice_on = forms.DateField(label=_("告知日期"), widget=DATE)


class AssignForm(StepForm):
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=Org.objects.none())
    handler = forms.CharField(label=_("承办人"), max_length=60)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["unit"].queryset = handling_orgs(user)


class NoteForm(StepForm):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(StepForm):
    days = forms.IntegerField(label=_("延期天数"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(StepForm):
    text = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpForm(StepForm):
    satisfaction = forms.TypedChoiceField(
        label=_("满意度"),
        coerce=int,
        choices=[
            (5, "5 非常满意"),
            (4, "4 满意"),
            (3, "3 基本满意"),
            (2, "2 不满意"),
            (1, "1 很不满意"),
        ],
    )
    note = forms.CharField(
        label=_("回访情况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsultationForm(BootstrapMixin, forms.Form):
    worker_name = forms.CharField(label=_("职工姓名"), max_length=60)
    worker_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    matter = forms.ChoiceField(label=_("咨询事项"), choices=Matter.choices)
    question = forms.CharField(
        label=_("咨询内容"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    advice = forms.CharField(label=_("解答意见"), widget=forms.Textarea(attrs={"rows": 3}))
    referral = forms.ChoiceField(label=_("处理方式"), choices=Referral.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class StyledForm(BootstrapMixin, forms.Form):
    """A plain entry form with Bootstrap classes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class OwnedForm(StyledForm):
    """An entry form whose first field is the union the record belongs to (scoped)."""

    org = forms.ModelChoiceField(label=_("所属工会"), queryset=Org.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = handling_orgs(user)
        if user.org_id:
            self.fields["org"].initial = user.org_id


class LawyerForm(OwnedForm):
    name = forms.CharField(label=_("姓名"), max_length=60)
    firm = forms.CharField(label=_("律师事务所"), max_length=120)
    licence_number = forms.CharField(label=_("执业证号"), max_length=30)
    specialties = forms.CharField(label=_("擅长领域"), max_length=200, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    joined_on = forms.DateField(label=_("加入日期"), required=False, widget=DATE)


class CentreForm(OwnedForm):
    name = forms.CharField(label=_("名称"), max_length=120)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    windows = forms.IntegerField(label=_("窗口数"), min_value=1, max_value=50, initial=1)


class ShiftForm(StyledForm):
    lawyer = forms.ModelChoiceField(label=_("律师"), queryset=Org.objects.none())
    centre = forms.ModelChoiceField(label=_("服务中心"), queryset=Org.objects.none())
    window = forms.IntegerField(label=_("窗口"), min_value=1, initial=1)
    on = forms.DateField(label=_("日期"), widget=DATE)
    starts_at = forms.TimeField(
        label=_("开始时间"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("结束时间"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from gonghui.rights.models import ServiceCentre, VolunteerLawyer

        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = VolunteerLawyer.objects.for_user(user).order_by("name")  # type: ignore[attr-defined]
        self.fields["centre"].queryset = (
            ServiceCentre.objects.for_user(user).select_related("org").order_by("name")  # type: ignore[attr-defined]
        )


class RotaCopyForm(StyledForm):
    centre = forms.ModelChoiceField(label=_("服务中心"), queryset=Org.objects.none())
    month = forms.DateField(
        label=_("复制哪个月"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from gonghui.rights.models import ServiceCentre

        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = ServiceCentre.objects.for_user(user).order_by("name")  # type: ignore[attr-defined]


class CommitteeForm(StyledForm):
    union = forms.ModelChoiceField(label=_("基层工会"), queryset=Org.objects.none())
    set_up_on = forms.DateField(label=_("成立日期"), widget=DATE)
    chair = forms.CharField(label=_("主任"), max_length=60)
    members_count = forms.IntegerField(label=_("委员人数"), min_value=1, max_value=99, initial=3)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = (
            visible_orgs(user)
            .filter(level=Level.GRASSROOTS, supervision_committee__isnull=True)
            .order_by("path")
        )


class LetterForm(StyledForm):
    org = forms.ModelChoiceField(label=_("发文工会"), queryset=Org.objects.none())
    kind = forms.ChoiceField(label=_("文书种类"), choices=LetterKind.choices)
    number = forms.CharField(label=_("文号"), max_length=60, required=False)
    employer_name = forms.CharField(label=_("用人单位"), max_length=120)
    employer_credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=30, required=False
    )
    topic = forms.ChoiceField(label=_("监督事项"), choices=LetterTopic.choices)
    content = forms.CharField(
        label=_("主要内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    issued_on = forms.DateField(label=_("发出日期"), widget=DATE)
    reply_due_on = forms.DateField(label=_("回复期限"), widget=DATE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = handling_orgs(user)
        if user.org_id:
            self.fields["org"].initial = user.org_id


class AttachmentForm(StyledForm):
    file = forms.FileField(label=_("附件"), allow_empty_file=True)


class RevealForm(StyledForm):
    reason = forms.CharField(label=_("查看理由"), max_length=200)
