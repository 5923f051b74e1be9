"""Figures of the honours module, computed from dated records for an org subtree."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

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


def _records_workers(org: Org, as_of: date) -> QuerySet[ModelWorker]:
    return ModelWorker.objects.in_org(org).filter(awarded_on__lte=as_of)


def _records_workers_up(org: Org, as_of: date) -> QuerySet[ModelWorker]:
    return _records_workers(org, as_of).filter(level__in=PROVINCIAL_AND_UP)


def _records_studios(org: Org, as_of: date) -> QuerySet[Studio]:
    return Studio.objects.in_org(org).filter(set_up_on__lte=as_of)


def _records_competitions(org: Org, as_of: date) -> QuerySet[Competition]:
    return (
        Competition.objects.filter(subtree_q(org, "org") | subtree_q(org, "participants__org"))
        .filter(starts_on__lte=as_of)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=as_of))
        .distinct()
    )


def _records_awards(org: Org, as_of: date) -> QuerySet[Award]:
    return Award.objects.in_org(org).filter(
        awarded_on__gte=_year_start(as_of), awarded_on__lte=as_of
    )


def _records_visits(org: Org, as_of: date) -> QuerySet[ModelWorkerVisit]:
    return ModelWorkerVisit.objects.in_org(org).filter(
        visited_on__gte=_year_start(as_of), visited_on__lte=as_of
    )


WORKER_COLUMNS = (
    ("name", "姓名"),
    ("id_number_masked", "身份证号"),
    ("org__name", "所在基层工会"),
    ("job", "工作单位及职务"),
    ("level", "称号级别"),
    ("awarded_on", "授予日期"),
)


@indicator(
    "honors.model_workers",
    "劳动模范",
    "人",
    records_url="honors:model_workers",
    records=_records_workers,
    columns=WORKER_COLUMNS,
)
def model_workers(org: Org, as_of: date) -> int:
    return ModelWorker.objects.in_org(org).filter(awarded_on__lte=as_of).count()


@indicator(
    "honors.model_workers_provincial_up",
    "省级以上劳模",
    "人",
    records_url="honors:model_workers",
    records=_records_workers_up,
    columns=WORKER_COLUMNS,
)
def model_workers_provincial_up(org: Org, as_of: date) -> int:
    return (
        ModelWorker.objects.in_org(org)
        .filter(awarded_on__lte=as_of, level__in=PROVINCIAL_AND_UP)
        .count()
    )


@indicator(
    "honors.studios",
    "劳模工作室",
    "个",
    records_url="honors:studios",
    records=_records_studios,
    columns=(
        ("name", "名称"),
        ("org__name", "所在工会"),
        ("lead__name", "领办劳模"),
        ("level", "级别"),
        ("set_up_on", "命名日期"),
    ),
)
def studios(org: Org, as_of: date) -> int:
    return Studio.objects.in_org(org).filter(set_up_on__lte=as_of).count()


@indicator(
    "honors.competitions_running",
    "正在开展的劳动竞赛",
    "项",
    description="主办单位或参赛单位在本单位范围内、截至当日已开始未结束的竞赛",
    records_url="honors:competitions",
    records=_records_competitions,
    columns=(
        ("title", "名称"),
        ("kind", "类别"),
        ("org__name", "主办工会"),
        ("starts_on", "开始日期"),
        ("ends_on", "结束日期"),
    ),
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


@indicator(
    "honors.awards",
    "本年度竞赛表彰",
    "项",
    records_url="honors:competitions",
    records=_records_awards,
    columns=(
        ("name", "获奖班组或个人"),
        ("title", "荣誉名称"),
        ("kind", "类别"),
        ("competition__title", "竞赛"),
        ("org__name", "所在单位"),
        ("awarded_on", "表彰日期"),
    ),
)
def awards(org: Org, as_of: date) -> int:
    return (
        Award.objects.in_org(org)
        .filter(awarded_on__gte=_year_start(as_of), awarded_on__lte=as_of)
        .count()
    )


@indicator(
    "honors.visits",
    "本年度走访看望劳模",
    "人次",
    records_url="honors:model_workers",
    records=_records_visits,
    columns=(
        ("model_worker__name", "劳模"),
        ("model_worker__org__name", "所在基层工会"),
        ("visited_on", "走访日期"),
        ("visitor", "走访人"),
    ),
)
def visits(org: Org, as_of: date) -> int:
    return (
        ModelWorkerVisit.objects.in_org(org)
        .filter(visited_on__gte=_year_start(as_of), visited_on__lte=as_of)
        .count()
    )
