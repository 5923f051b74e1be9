"""Petitions (信访: 来信、来电、来访、网上), their petitioners, history and reception days."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import creditcode
from gonghui.core.personal import IdNumberMixin
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import ScopedQuerySet
from gonghui.rights import deadlines


class Channel(models.TextChoices):
    LETTER = "letter", _("来信")
    CALL = "call", _("来电")
    VISIT = "visit", _("来访")
    ONLINE = "online", _("网上")


class Matter(models.TextChoices):
    WAGES_OWED = "wages_owed", _("拖欠工资")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险")
    LABOUR_CONTRACT = "labour_contract", _("劳动合同")
    DISMISSAL = "dismissal", _("解除劳动关系")
    WORK_INJURY = "work_injury", _("工伤")
    OTHER = "other", _("其他")


class State(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    ACCEPTED = "accepted", _("已受理")
    DECLINED = "declined", _("不予受理")
    ASSIGNED = "assigned", _("已交办")
    HANDLED = "handled", _("已办理")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")
    FOLLOWED_UP = "followed_up", _("已回访")


class LeaderReceptionDay(models.Model):
    """A leader's scheduled reception day (领导干部定期接访)."""

    org = models.ForeignKey(Org, verbose_name=_("工会"), on_delete=models.PROTECT)
    leader_name = models.CharField(_("接访领导"), max_length=60)
    leader_title = models.CharField(_("职务"), max_length=60, blank=True)
    held_on = models.DateField(_("接访日期"), db_index=True)
    place = models.CharField(_("地点"), max_length=120)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("领导接访日")
        verbose_name_plural = _("领导接访日")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.leader_name}（{self.place}）"


class PetitionQuerySet(ScopedQuerySet["Petition"]):
    """Petitions with the date rules as query filters."""

    def received_between(self, start: date, end: date) -> PetitionQuerySet:
        return self.filter(received_on__gte=start, received_on__lte=end)

    def overdue(self, as_of: date) -> PetitionQuerySet:
        """Petitions with a step past its deadline and not done as of the date."""
        return self.filter(received_on__lte=as_of).filter(overdue_q(as_of))

    def case_count(self, start: date) -> int:
        """Cases (件) among petitions received from `start` on (see `cases_expression`)."""
        return int(self.order_by().aggregate(n=cases_expression(start))["n"] or 0)


def cases_expression(start: date) -> Any:
    """Cases (件) among the rows of a period starting on `start`: a repeat is counted once, with
    the first petition it repeats; when that first one came before the period, the repeats in
    the period count once together. Additive over any grouping of the first petitions."""
    return Count("pk", filter=Q(repeat_of__isnull=True)) + Count(
        "repeat_of_id", distinct=True, filter=Q(first_received_on__lt=start)
    )


def _not_done(field: str, as_of: date) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": as_of})


def overdue_q(as_of: date) -> Q:
    """The SQL form of `Petition.overdue_on`: a decision or an answer late as of the date."""
    decision_late = (
        _not_done("accepted_on", as_of)
        & _not_done("declined_on", as_of)
        & Q(accept_due_on__lt=as_of)
    )
    extension_granted = Q(extended_on__lte=as_of)
    answer_late = (
        Q(accepted_on__lte=as_of)
        & _not_done("answered_on", as_of)
        & (
            (~extension_granted & Q(answer_due_on__lt=as_of))
            | (extension_granted & Q(final_answer_due_on__lt=as_of))
        )
    )
    return decision_late | answer_late


class Petition(models.Model):
    """A petition (信访件) handled by a union, from registration to the follow-up call."""

    org = models.ForeignKey(
        Org, verbose_name=_("承办工会"), on_delete=models.PROTECT, related_name="petitions"
    )
    # The county-level union above `org` at registration: figures by county without a tree walk.
    county = models.ForeignKey(
        Org,
        verbose_name=_("县（市、区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    received_on = models.DateField(_("收到日期"))
    persons = models.PositiveIntegerField(_("人数"), default=1)
    is_group = models.BooleanField(_("群体访"), default=False, editable=False)
    employer_org = models.ForeignKey(
        Org,
        verbose_name=_("用人单位（本系统）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employer_name = models.CharField(_("用人单位"), max_length=120, blank=True)
    employer_credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    matter = models.CharField(_("反映事项"), max_length=20, choices=Matter.choices)
    content = models.TextField(_("反映内容"))
    reception_day = models.ForeignKey(
        LeaderReceptionDay,
        verbose_name=_("领导接访日"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("重复件（首件）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
    )
    # Denormalised for grouped figures at scale: the first petition's date, the month as YYYYMM.
    first_received_on = models.DateField(null=True, blank=True, editable=False)
    received_month = models.PositiveIntegerField(default=0, editable=False)
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.REGISTERED
    )
    accept_due_on = models.DateField(_("受理期限"), editable=False)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    declined_on = models.DateField(_("不予受理日期"), null=True, blank=True)
    decline_reason = models.TextField(_("不予受理理由"), blank=True)
    notice_on = models.DateField(_("告知日期"), null=True, blank=True)
    assigned_unit = models.ForeignKey(
        Org,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.CharField(_("承办人"), max_length=60, blank=True)
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    handled_on = models.DateField(_("办理日期"), null=True, blank=True)
    handling_note = models.TextField(_("办理情况"), blank=True)
    answer_due_on = models.DateField(_("答复期限"), null=True, blank=True, editable=False)
    final_answer_due_on = models.DateField(
        _("答复期限（含延期）"), null=True, blank=True, editable=False
    )
    extension_days = models.PositiveSmallIntegerField(_("延期天数"), default=0)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    extended_on = models.DateField(_("延期日期"), null=True, blank=True)
    answer_text = models.TextField(_("答复意见"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    followed_up_on = models.DateField(_("回访日期"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)
    follow_up_note = models.TextField(_("回访情况"), blank=True)
    # Optimistic lock: every write checks and bumps it, so two edits never overwrite silently.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("信访件")
        verbose_name_plural = _("信访件")
        ordering = ["-received_on", "-pk"]
        indexes = [
            # Covering indexes of the statistics page: its scans never touch the wide rows.
            models.Index(
                fields=[
                    "received_on",
                    "org",
                    "county",
                    "channel",
                    "matter",
                    "received_month",
                    "is_group",
                    "persons",
                    "repeat_of",
                    "first_received_on",
                    "accepted_on",
                    "declined_on",
                    "accept_due_on",
                    "answered_on",
                    "answer_due_on",
                    "extended_on",
                    "final_answer_due_on",
                    "followed_up_on",
                    "satisfaction",
                ],
                name="petition_figures_cover",
            ),
            models.Index(
                fields=[
                    "received_on",
                    "org",
                    "employer_name",
                    "persons",
                    "repeat_of",
                    "first_received_on",
                ],
                name="petition_employer_cover",
            ),
            models.Index(fields=["county", "received_on"]),
            models.Index(fields=["state"]),
            models.Index(fields=["employer_credit_code", "matter", "received_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(persons__gte=1), name="petition_persons_positive"),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="petition_satisfaction_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(extension_days__lte=deadlines.MAX_EXTENSION_DAYS),
                name="petition_extension_at_most_30_days",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_on} {self.employer_display}"

    @property
    def number(self) -> str:
        """The registration number shown on pages (信访编号)."""
        return f"XF{self.received_on:%Y}{self.pk:06d}" if self.pk else ""

    @property
    def employer_display(self) -> str:
        if self.employer_name:
            return self.employer_name
        return self.employer_org.employer_name if self.employer_org_id and self.employer_org else ""

    def clean(self) -> None:
        if self.employer_credit_code:
            try:
                self.employer_credit_code = creditcode.validate(self.employer_credit_code)
            except creditcode.CreditCodeError as exc:
                raise ValidationError({"employer_credit_code": str(exc)}) from exc
        if not self.employer_name and not self.employer_org_id:
            raise ValidationError({"employer_name": _("请填写用人单位")})

    def refresh_derived(self) -> None:
        """Recompute the stored derived fields: group flag and deadlines."""
        self.is_group = deadlines.is_group(self.persons)
        self.received_month = self.received_on.year * 100 + self.received_on.month
        if self.repeat_of_id is None:
            self.first_received_on = self.received_on
        elif self.repeat_of is not None:
            self.first_received_on = self.repeat_of.received_on
        self.accept_due_on = deadlines.acceptance_due(self.received_on)
        if self.accepted_on:
            self.answer_due_on = deadlines.answer_due(self.accepted_on)
            self.final_answer_due_on = deadlines.answer_due(self.accepted_on, self.extension_days)
        else:
            self.answer_due_on = self.final_answer_due_on = None

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_derived()
        super().save(*args, **kwargs)

    @property
    def extended(self) -> bool:
        return self.extended_on is not None

    def answer_due_as_of(self, as_of: date) -> date | None:
        """The answer deadline as it stood on the date (an extension counts once granted)."""
        if self.extended_on and self.extended_on <= as_of:
            return self.final_answer_due_on
        return self.answer_due_on

    def steps(self, as_of: date) -> list[deadlines.Step]:
        """The deadlines that apply as of the date, for the detail page."""
        decided = self.accepted_on or self.declined_on
        found = [deadlines.Step(str(_("受理告知")), self.accept_due_on, decided, as_of)]
        due = self.answer_due_as_of(as_of)
        if self.accepted_on and self.accepted_on <= as_of and due:
            found.append(deadlines.Step(str(_("答复")), due, self.answered_on, as_of))
        return found

    def overdue_on(self, as_of: date) -> bool:
        """True when a step is late as of the date (the same rule as `overdue_q`)."""
        return self.received_on <= as_of and any(s.overdue for s in self.steps(as_of))


class Petitioner(IdNumberMixin):
    """A person who brought the petition (信访人); ID numbers are stored encrypted."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="petitioners")
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_representative = models.BooleanField(_("代表"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "petition__org"

    class Meta:
        verbose_name = _("信访人")
        verbose_name_plural = _("信访人")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_masked(self) -> str:
        """Phone numbers are shown as 139****1234 on pages."""
        phone = self.phone
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:] if len(phone) > 7 else phone


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("登记")
    ACCEPTED = "accepted", _("受理")
    DECLINED = "declined", _("不予受理")
    ASSIGNED = "assigned", _("交办")
    REASSIGNED = "reassigned", _("改派")
    ESCALATED = "escalated", _("上报上级工会")
    HANDLED = "handled", _("办理")
    EXTENDED = "extended", _("延期")
    ANSWERED = "answered", _("答复")
    CLOSED = "closed", _("办结")
    FOLLOWED_UP = "followed_up", _("回访")
    LINKED = "linked", _("关联重复件")


class PetitionEvent(models.Model):
    """One step in a petition's history: who did what, when, and where it went."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=12, choices=EventKind.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    on = models.DateField(_("日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("经办人"), max_length=150, blank=True)
    from_org = models.ForeignKey(
        Org, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_org = models.ForeignKey(
        Org, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "petition__org"

    class Meta:
        verbose_name = _("信访件处理记录")
        verbose_name_plural = _("信访件处理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.get_kind_display()} {self.on}"


def repeat_root(petition: Petition) -> Petition:
    """The first petition of a chain of repeats (a repeat links to the first, never to a repeat)."""
    return petition.repeat_of if petition.repeat_of_id and petition.repeat_of else petition


__all__ = [
    "Channel",
    "EventKind",
    "LeaderReceptionDay",
    "Matter",
    "Petition",
    "PetitionAttachment",
    "PetitionEvent",
    "PetitionQuerySet",
    "Petitioner",
    "State",
    "overdue_q",
    "repeat_root",
]


def _attachment_path(instance: PetitionAttachment, filename: str) -> str:
    # A random name: the user's file name is never a path on the server.
    from gonghui.rights.attachments import stored_name

    return stored_name(filename)


class PetitionAttachment(models.Model):
    """A file attached to a petition; stored under a random name, shown by its original one."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_field = "petition__org"

    class Meta:
        verbose_name = _("信访件附件")
        verbose_name_plural = _("信访件附件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
