"""Figures of the honours module, computed from dated records for an org subtree."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from gonghui.core.indicators import indicator
from gonghui.honors.models import (
    PROVINCIAL_AND_UP,
    Award,
    Competition,
    ModelWorker,
    ModelWorkerVisit,
    Studio,
)
from gonghui.orgs.models import Org, subtree_q


def _year_start(as_of: date) -> date:
    return date(as_of.year, 1, 1)


@indicator("honors.model_workers", "劳动模范", "人", records_url="honors:model_workers")
def model_workers(org: Org, as_of: date) -> int:
    return ModelWorker.objects.in_org(org).filter(awarded_on__lte=as_of).count()


@indicator(
    "honors.model_workers_provincial_up", "省级以上劳模", "人", records_url="honors:model_workers"
)
def model_workers_provincial_up(org: Org, as_of: date) -> int:
    return (
        ModelWorker.objects.in_org(org)
        .filter(awarded_on__lte=as_of, level__in=PROVINCIAL_AND_UP)
        .count()
    )


@indicator("honors.studios", "劳模工作室", "个", records_url="honors:studios")
def studios(org: Org, as_of: date) -> int:
    return Studio.objects.in_org(org).filter(set_up_on__lte=as_of).count()


@indicator(
    "honors.competitions_running",
    "正在开展的劳动竞赛",
    "项",
    description="主办单位或参赛单位在本单位范围内、截至当日已开始未结束的竞赛",
    records_url="honors:competitions",
)
def competitions_running(org: Org, as_of: date) -> int:
    # A county takes part in the city's competitions: they count for it too.
    return (
        Competition.objects.filter(subtree_q(org, "org") | subtree_q(org, "participants__org"))
        .filter(starts_on__lte=as_of)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=as_of))
        .distinct()
        .count()
    )


@indicator("honors.awards", "本年度竞赛表彰", "项", records_url="honors:competitions")
def awards(org: Org, as_of: date) -> int:
    return (
        Award.objects.in_org(org)
        .filter(awarded_on__gte=_year_start(as_of), awarded_on__lte=as_of)
        .count()
    )


@indicator("honors.visits", "本年度走访看望劳模", "人次", records_url="honors:model_workers")
def visits(org: Org, as_of: date) -> int:
    return (
        ModelWorkerVisit.objects.in_org(org)
        .filter(visited_on__gte=_year_start(as_of), visited_on__lte=as_of)
        .count()
    )
