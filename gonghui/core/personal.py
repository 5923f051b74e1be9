"""Sensitive personal data: ID numbers stored encrypted, found by a keyed blind index, shown
masked, revealed in full only to permitted users with a reason, and every reveal audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gonghui.core import audit, idnumbers
from gonghui.core.crypto import blind_index, decrypt, encrypt


def id_index(raw: str) -> str:
    """The blind index of an ID number (validated, 15→18 converted): for look-ups and joins."""
    return blind_index(idnumbers.validate(raw), purpose="id")


def can_reveal_ids(user: Any) -> bool:
    """Superusers and users granted the right (可查看完整身份证号) may see full numbers."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or getattr(user, "may_reveal_ids", False))
    )


def can_export_ids(user: Any) -> bool:
    """Only users granted the right (可导出完整身份证号) may export lists of full numbers; being
    a superuser is not enough, so that a bulk export is always a deliberate grant."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "may_export_ids", False)
    )


class IdNumberMixin(models.Model):
    """An encrypted citizen ID number with its blind index and its masked form."""

    id_number_cipher = models.TextField(_("身份证号（密文）"), blank=True, editable=False)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True, editable=False)

    class Meta:
        abstract = True

    def set_id_number(self, raw: str) -> None:
        """Validate (GB 11643), convert 15→18, encrypt, index and mask the number."""
        canonical = idnumbers.validate(raw)
        self.id_number_cipher = encrypt(canonical)
        self.id_number_index = blind_index(canonical, purpose="id")
        self.id_number_masked = idnumbers.mask(canonical)

    def reveal_id_number(self, user: Any, reason: str, request: HttpRequest | None = None) -> str:
        """The full number, for a permitted user who gives a reason; the view is audited."""
        if not can_reveal_ids(user):
            audit.record("personal.id_reveal_refused", actor=user, obj=self, request=request)
            raise PermissionDenied("您没有查看完整身份证号的权限")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("查看完整身份证号须填写理由")
        audit.record(
            "personal.id_revealed",
            actor=user,
            obj=self,
            request=request,
            detail={"reason": reason[:200], "masked": self.id_number_masked},
        )
        return decrypt(self.id_number_cipher)
