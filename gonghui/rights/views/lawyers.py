"""Lawyer pages: the volunteer group, the monthly rota per centre, shifts and consultations."""

from __future__ import annotations

import calendar
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gonghui.orgs.models import Role
from gonghui.orgs.permissions import role_required, staff_required
from gonghui.orgs.scoping import get_for_user_or_404
from gonghui.rights import actions, forms
from gonghui.rights.models import LawyerShift, ServiceCentre, VolunteerLawyer


@login_required
@staff_required
def lawyer_list(request: HttpRequest) -> HttpResponse:
    """The volunteer lawyers of the user's scope, with their shifts this year (维权志愿律师团)."""
    as_of: date = request.as_of  # type: ignore[attr-defined]
    year = Q(shifts__on__gte=date(as_of.year, 1, 1), shifts__on__lte=as_of)
    lawyers = (
        VolunteerLawyer.objects.for_user(request.user)  # type: ignore[attr-defined]
        .select_related("org", "user")
        .annotate(shift_count=Count("shifts", filter=year))
        .order_by("org__path", "name")
    )
    page = Paginator(lawyers, 50).get_page(request.GET.get("page"))
    return render(request, "rights/lawyer_list.html", {"page": page, "title": "维权志愿律师"})


def _month(raw: str, fallback: date) -> date:
    try:
        year, month = (int(part) for part in raw.split("-")[:2])
        return date(year, month, 1)
    except ValueError:
        return fallback.replace(day=1)


def _shift_month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@login_required
@staff_required
def shift_rota(request: HttpRequest) -> HttpResponse:
    """A centre's shifts as a month calendar, and every centre's count for the month (排班表)."""
    as_of: date = request.as_of  # type: ignore[attr-defined]
    month = _month(request.GET.get("month", ""), as_of)
    last = date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
    in_month = Q(shifts__on__gte=month, shifts__on__lte=last)
    centres = list(
        ServiceCentre.objects.for_user(request.user)  # type: ignore[attr-defined]
        .select_related("org")
        .annotate(month_shifts=Count("shifts", filter=in_month))
        .order_by("org__path", "name")
    )
    chosen = next((c for c in centres if str(c.pk) == request.GET.get("centre")), None)
    chosen = chosen or (centres[0] if centres else None)
    days: dict[date, list[LawyerShift]] = {}
    if chosen is not None:
        shifts = (
            LawyerShift.objects.filter(centre=chosen, on__gte=month, on__lte=last)
            .select_related("lawyer")
            .annotate(records=Count("consultations"))
            .order_by("on", "starts_at")
        )
        for shift in shifts:
            days.setdefault(shift.on, []).append(shift)
    weeks = [
        [(day, day.month == month.month, days.get(day, [])) for day in week]
        for week in calendar.Calendar().monthdatescalendar(month.year, month.month)
    ]
    return render(
        request,
        "rights/shift_rota.html",
        {
            "centres": centres,
            "chosen": chosen,
            "month": month,
            "previous": _shift_month(month, -1),
            "next": _shift_month(month, 1),
            "weeks": weeks,
            "title": "律师值班表",
        },
    )


@login_required
@role_required(Role.ADMINISTRATOR, Role.OFFICER, Role.LAWYER)
def shift_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A shift and its consultations; its lawyer (or staff) records new ones here."""
    shift = get_for_user_or_404(
        LawyerShift.objects.select_related("lawyer", "centre", "centre__org"), request.user, pk=pk
    )
    form = forms.ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_consultation(
                actor=request.user, shift=shift, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "已登记咨询记录")
            return redirect("rights:shift_detail", pk=shift.pk)
    return render(
        request,
        "rights/shift_detail.html",
        {
            "shift": shift,
            "consultations": shift.consultations.select_related("petition").order_by("recorded_at"),
            "form": form,
            "title": f"值班 {shift.on}",
        },
    )


@login_required
@role_required(Role.LAWYER)
def my_shifts(request: HttpRequest) -> HttpResponse:
    """The lawyer's own shifts with the number of consultations recorded (我的值班)."""
    shifts = (
        LawyerShift.objects.for_user(request.user)  # type: ignore[attr-defined]
        .select_related("centre", "centre__org", "lawyer")
        .annotate(records=Count("consultations"))
        .order_by("-on", "-starts_at")
    )
    page = Paginator(shifts, 50).get_page(request.GET.get("page"))
    return render(request, "rights/my_shifts.html", {"page": page, "title": "我的值班"})
