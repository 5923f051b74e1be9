"""Named writes on lawyers' shifts and consultations (律师值班、接访记录)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from gonghui.core import audit
from gonghui.rights.models import (
    Consultation,
    LawyerShift,
    Petition,
    Referral,
    ServiceCentre,
    VolunteerLawyer,
)


def _today() -> date:
    return timezone.localdate()


@transaction.atomic
def schedule_shift(
    *,
    actor: Any,
    lawyer: VolunteerLawyer,
    centre: ServiceCentre,
    on: date,
    starts_at: time,
    ends_at: time,
    window: int = 1,
) -> LawyerShift:
    """Put a lawyer on a centre's window for a day (排班)."""
    if ends_at <= starts_at:
        raise ValidationError("结束时间应晚于开始时间")
    if not 1 <= window <= centre.windows:
        raise ValidationError(f"{centre.name}只有{centre.windows}个窗口")
    clash = LawyerShift.objects.filter(
        lawyer=lawyer, on=on, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if clash.exists():
        raise ValidationError(f"{lawyer.name}在{on}的这个时段已有值班")
    shift = LawyerShift.objects.create(
        lawyer=lawyer, centre=centre, on=on, starts_at=starts_at, ends_at=ends_at, window=window
    )
    audit.record("rights.shift.scheduled", actor=actor, obj=shift, org=centre.org)
    return shift


@transaction.atomic
def record_consultation(
    *,
    actor: Any,
    shift: LawyerShift,
    worker_name: str,
    matter: str,
    advice: str,
    question: str = "",
    worker_phone: str = "",
    referral: str = Referral.NONE,
    petition: Petition | None = None,
    request: HttpRequest | None = None,
) -> Consultation:
    """Record a worker's consultation during a shift (接访记录)."""
    if not worker_name.strip():
        raise ValidationError("请填写职工姓名")
    if not advice.strip():
        raise ValidationError("请填写解答意见")
    if shift.on > _today():
        raise ValidationError("值班尚未开始，不能登记咨询")
    if petition is not None and referral != Referral.PETITION:
        raise ValidationError("只有“转信访件”才能关联信访件")
    consultation = Consultation.objects.create(
        shift=shift,
        worker_name=worker_name.strip(),
        worker_phone=worker_phone.strip(),
        matter=matter,
        question=question.strip(),
        advice=advice.strip(),
        referral=referral,
        petition=petition,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        "rights.consultation.recorded",
        actor=actor,
        obj=consultation,
        org=shift.centre.org,
        request=request,
        detail={"shift": shift.pk, "referral": referral},
    )
    return consultation
