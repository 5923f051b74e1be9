"""What the portal shows to browse: service points, lawyer shifts, the mutual-aid phase.

Read from the modules that keep them, when they are installed; the portal never writes them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Q


def _model(label: str, name: str) -> Any:
    try:
        return apps.get_model(label, name)
    except LookupError:
        return None


def service_points(county_id: int | None, on: date) -> list[Any]:
    """Service points open on the date (女工憩园, 妈妈小屋, 清凉驿站, 四点半学校, 服务中心)."""
    model = _model("facilities", "ServicePoint")
    if model is None:
        return []
    points = (
        model.objects.unscoped(reason="public list of service points")
        .select_related("org")
        .filter(
            Q(opened_on__isnull=True) | Q(opened_on__lte=on),
            Q(closed_on__isnull=True) | Q(closed_on__gt=on),
        )
    )
    if county_id:
        points = points.filter(org__path__contains=f"/{county_id}/")
    return list(points.order_by("kind", "org__path")[:200])


def lawyer_shifts(county_id: int | None, on: date, weeks: int = 4) -> list[Any]:
    """Lawyer reception shifts from the date for the coming weeks."""
    model = _model("rights", "LawyerShift")
    if model is None:
        return []
    shifts = (
        model.objects.unscoped(reason="public rota of lawyers")
        .select_related("lawyer", "centre", "centre__org")
        .filter(on__gte=on, on__lt=on + timedelta(weeks=weeks))
    )
    if county_id:
        shifts = shifts.filter(centre__org__path__contains=f"/{county_id}/")
    return list(shifts.order_by("on", "starts_at")[:100])


def mutual_aid_phase(on: date) -> Any:
    """The medical mutual-aid phase (职工医疗互助) running on the date, if the module has one."""
    model = _model("hardship", "MutualAidPhase")
    if model is None:
        return None
    fields = {f.name for f in model._meta.get_fields()}
    queryset = model.objects.all()
    if "starts_on" in fields:
        queryset = queryset.filter(starts_on__lte=on).order_by("-starts_on")
    else:
        queryset = queryset.order_by("-pk")
    return queryset.first()
