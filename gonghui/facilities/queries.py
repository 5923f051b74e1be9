"""Facility figures: where each project stands on a date, and open service points."""

from __future__ import annotations

from datetime import date

from django.db.models import Max, Q, QuerySet

from gonghui.facilities.models import STAGE_RANK, ConstructionProject, ServicePoint, Stage
from gonghui.unions.rules import months_before

# A project whose stage has not changed for this many months has "no movement" (没有动静).
NO_MOVEMENT_MONTHS = 6


def projects_as_of(as_of: date) -> QuerySet[ConstructionProject]:
    """Projects that exist on the date (a first stage reached), with their furthest stage's
    rank (`stage_rank`) and the date of their last stage change (`last_change`)."""
    reached = Q(stages__reached_on__lte=as_of)
    return ConstructionProject.objects.annotate(
        stage_rank=Max("stages__rank", filter=reached),
        last_change=Max("stages__reached_on", filter=reached),
    ).filter(stage_rank__isnull=False)


def started_q() -> Q:
    return Q(stage_rank__gte=STAGE_RANK[Stage.GROUND])


def in_use_q() -> Q:
    return Q(stage_rank=STAGE_RANK[Stage.IN_USE])


def no_movement_q(as_of: date, months: int = NO_MOVEMENT_MONTHS) -> Q:
    """Not in use yet, and no stage reached in the last `months` months."""
    return ~in_use_q() & Q(last_change__lte=months_before(as_of, months))


def open_q(as_of: date) -> Q:
    """Service points open on the date."""
    return Q(opened_on__lte=as_of) & (Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))


def open_points(as_of: date) -> QuerySet[ServicePoint]:
    return ServicePoint.objects.filter(open_q(as_of))


def months_between(earlier: date, later: date) -> int:
    """Whole months from one date to a later one."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)
