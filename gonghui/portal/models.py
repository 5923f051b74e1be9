"""Requests that workers file on the portal (网上诉求), tracked by a long random code."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.personal import IdNumberMixin
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import ScopedQuerySet

# No 0/O, 1/I/L: codes are read over the phone and typed on phones.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 31^12 ≈ 7.9e17: not guessable, not enumerable


class RequestKind(models.TextChoices):
    LEGAL_HELP = "legal_help", _("法律咨询与援助")
    COMPLAINT = "complaint", _("投诉维权（欠薪、合同、工伤等）")
    EDUCATION_AID = "education_aid", _("金秋助学申请")
    HARDSHIP_AID = "hardship_aid", _("困难职工帮扶申请")

    @classmethod
    def needs_id_number(cls, kind: str) -> bool:
        """Aid applications are surveyed against the archive by ID number; legal help is not."""
        return kind in {cls.EDUCATION_AID, cls.HARDSHIP_AID}


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("已收到，等待受理")
    IN_PROGRESS = "in_progress", _("正在办理")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


def new_code() -> str:
    """A fresh tracking code, shown once, grouped for reading: ABCD-EFGH-JKMN."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_code(code: str) -> str:
    """Upper-case, without separators or spaces."""
    return "".join(c for c in code.upper() if c.isalnum())


def code_hash(code: str) -> str:
    """Codes are stored keyed-hashed, like passwords: a leaked table reveals none."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalize_code(code).encode(), hashlib.sha256).hexdigest()


def verifier_hash(code: str, last4: str) -> str:
    """The check the tracker asks for: the last 4 characters of the ID number (or phone)."""
    key = settings.SECRET_KEY.encode()
    message = f"{normalize_code(code)}:{last4.strip().upper()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class PortalRequest(IdNumberMixin):
    """A worker's request: it lands in the chosen county's queue and becomes a petition or an
    aid application there; the worker follows it with the code."""

    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    verifier_hash = models.CharField(max_length=64, editable=False)
    kind = models.CharField(_("诉求类别"), max_length=20, choices=RequestKind.choices)
    org = models.ForeignKey(Org, verbose_name=_("受理工会"), on_delete=models.PROTECT)
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=20)
    employer = models.CharField(_("工作单位"), max_length=120, blank=True)
    content = models.TextField(_("诉求内容"), max_length=2000)
    consent_at = models.DateTimeField(_("同意隐私告知的时间"))
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("办理状态"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the request became in the county's own work (set when it is dispatched).
    petition = models.ForeignKey(
        "rights.Petition", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An aid application handed to the county for a survey (转入户调查) becomes this household.
    household = models.ForeignKey(
        "hardship.Household",
        verbose_name=_("入户调查家庭"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_requests",
    )
    handed_off_at = models.DateTimeField(_("转入户调查时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("网上诉求")
        verbose_name_plural = _("网上诉求")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.name}"
