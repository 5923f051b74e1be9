"""Named writes on lawyers' shifts and consultations (律师值班、接访记录)."""

from __future__ import annotations

import calendar
from datetime import date, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from gonghui.core import audit
from gonghui.orgs.scoping import require_change
from gonghui.rights.models import (
    Booking,
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
    require_change(actor, centre.org, "律师值班")
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
    own_shift = getattr(actor, "is_active", False) and shift.lawyer.user_id == actor.pk
    if not (shift.lawyer.user_id is not None and own_shift):  # a lawyer records on their shift
        require_change(actor, shift.centre.org, "法律咨询")
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


@transaction.atomic
def add_lawyer(
    *,
    actor: Any,
    org: Any,
    name: str,
    firm: str,
    licence_number: str,
    specialties: str = "",
    phone: str = "",
    joined_on: date | None = None,
) -> VolunteerLawyer:
    """Add a lawyer to a union's volunteer group (维权志愿律师团)."""
    require_change(actor, org, "志愿律师")
    licence = licence_number.strip()
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["请填写律师姓名"]
    if not firm.strip():
        errors["firm"] = ["请填写律师事务所"]
    if not (len(licence) == 17 and licence.isdigit()):
        errors["licence_number"] = ["执业证号应为17位数字"]
    elif VolunteerLawyer.objects.filter(licence_number=licence).exists():
        errors["licence_number"] = [f"执业证号{licence}已登记"]
    if errors:
        raise ValidationError(errors)
    lawyer = VolunteerLawyer.objects.create(
        org=org,
        name=name.strip(),
        firm=firm.strip(),
        licence_number=licence,
        specialties=specialties.strip(),
        phone=phone.strip(),
        joined_on=joined_on,
    )
    audit.record("rights.lawyer.added", actor=actor, obj=lawyer, org=org)
    return lawyer


@transaction.atomic
def add_centre(
    *, actor: Any, org: Any, name: str, windows: int, address: str = ""
) -> ServiceCentre:
    """Add a workers' service centre with its number of windows (职工服务中心)."""
    require_change(actor, org, "服务中心")
    if not name.strip():
        raise ValidationError({"name": ["请填写服务中心名称"]})
    if not 1 <= windows <= 50:
        raise ValidationError({"windows": ["窗口数应为1至50"]})
    if ServiceCentre.objects.filter(org=org, name=name.strip()).exists():
        raise ValidationError({"name": [f"{org.name}已有名为{name.strip()}的服务中心"]})
    centre = ServiceCentre.objects.create(
        org=org, name=name.strip(), windows=windows, address=address.strip()
    )
    audit.record("rights.centre.added", actor=actor, obj=centre, org=org)
    return centre


def same_slot_next_month(day: date) -> date | None:
    """The same weekday of the same week of the next month (the 2nd Tuesday → the 2nd Tuesday);
    None when the next month has no such day (a 5th Friday)."""
    index = (day.year * 12 + day.month) % 12
    year = day.year + (1 if day.month == 12 else 0)
    first = date(year, index + 1, 1)
    offset = (day.weekday() - first.weekday()) % 7 + 7 * ((day.day - 1) // 7)
    target = first + timedelta(days=offset)
    return target if target.month == first.month else None


@transaction.atomic
def copy_rota(*, actor: Any, centre: ServiceCentre, month: date) -> tuple[int, int]:
    """Copy a centre's shifts of `month` to the next month, weekday for weekday; returns the
    numbers copied and skipped (no such day, or the lawyer already sits then)."""
    require_change(actor, centre.org, "律师值班")
    start = month.replace(day=1)
    end = same_month_end(start)
    copied = skipped = 0
    shifts = LawyerShift.objects.filter(centre=centre, on__gte=start, on__lte=end).select_related(
        "lawyer"
    )
    for shift in shifts:
        target = same_slot_next_month(shift.on)
        clash = (
            target is not None
            and LawyerShift.objects.filter(
                lawyer=shift.lawyer,
                on=target,
                starts_at__lt=shift.ends_at,
                ends_at__gt=shift.starts_at,
            ).exists()
        )
        if target is None or clash:
            skipped += 1
            continue
        LawyerShift.objects.create(
            lawyer=shift.lawyer,
            centre=centre,
            on=target,
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            window=shift.window,
        )
        copied += 1
    if copied == 0 and skipped == 0:
        raise ValidationError(f"{centre.name}在{start.year}年{start.month}月没有值班，无可复制")
    audit.record(
        "rights.rota.copied",
        actor=actor,
        obj=centre,
        org=centre.org,
        detail={"month": start.isoformat(), "copied": copied, "skipped": skipped},
    )
    return copied, skipped


def same_month_end(first: date) -> date:
    """The last day of the month that starts on `first`."""
    return date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])


def free_places(shift: LawyerShift) -> int:
    """Places still free on a shift (its capacity less its bookings)."""
    return max(shift.places - shift.bookings.count(), 0)


def book_consultation(
    *, shift_id: int, name: str, phone: str, matter: str, today: date | None = None
) -> Booking:
    """Book a place on a lawyer's shift (网上预约). The shift row is locked while its bookings
    are counted, so two requests for the last place cannot both win."""
    if not name.strip():
        raise ValidationError({"name": ["请填写姓名"]})
    if len("".join(c for c in phone if c.isdigit())) < 7:
        raise ValidationError({"phone": ["请填写正确的联系电话"]})
    with transaction.atomic():
        # On PostgreSQL the row lock serialises bookings of one shift; SQLite's IMMEDIATE
        # transactions (settings) serialise all writers.
        shift = LawyerShift.objects.select_for_update().filter(pk=shift_id).first()
        if shift is None:
            raise ValidationError("该值班时段不存在")
        if shift.on < (today or _today()):
            raise ValidationError("该时段已过，请选择其他时段")
        if shift.bookings.count() >= shift.places:
            raise ValidationError("该时段已约满，请选择其他时段")
        booking = Booking.objects.create(
            shift=shift, name=name.strip(), phone=phone.strip(), matter=matter
        )
    audit.record("rights.consultation_booked", obj=booking, org=shift.centre.org)
    return booking
