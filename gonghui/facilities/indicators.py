"""Facility figures (阵地建设): palaces started and in use, projects with no movement, open
service points — for any org and date."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from gonghui.core.indicators import indicator
from gonghui.facilities import queries
from gonghui.facilities.models import ConstructionProject, ProjectKind, ServicePoint
from gonghui.orgs.counties import county_scope_q
from gonghui.orgs.models import Org


def _palaces(org: Org, as_of: date):
    return queries.projects_as_of(as_of).in_org(org).filter(kind=ProjectKind.PALACE)


def _records_started(org: Org, as_of: date) -> QuerySet[ConstructionProject]:
    return _palaces(org, as_of).filter(queries.started_q())


def _records_in_use(org: Org, as_of: date) -> QuerySet[ConstructionProject]:
    return _palaces(org, as_of).filter(queries.in_use_q())


def _records_no_movement(org: Org, as_of: date) -> QuerySet[ConstructionProject]:
    projects = queries.projects_as_of(as_of).in_org(org)
    return projects.filter(queries.no_movement_q(as_of))


def _records_points(org: Org, as_of: date) -> QuerySet[ServicePoint]:
    return ServicePoint.objects.unscoped(reason="figure for an org (county column)").filter(
        county_scope_q(org), queries.open_q(as_of)
    )


PROJECT_COLUMNS = (
    ("name", "项目名称"),
    ("kind", "类别"),
    ("org__name", "工会"),
    ("place", "地点"),
    ("last_change", "最近进展日期"),
)


@indicator(
    "facilities.palaces_started",
    "已动工的工人文化宫",
    "个",
    description="已开工建设或更后阶段",
    records_url="facilities:projects",
    records=_records_started,
    columns=PROJECT_COLUMNS,
)
def palaces_started(org: Org, as_of: date) -> int:
    return _palaces(org, as_of).filter(queries.started_q()).count()


@indicator(
    "facilities.palaces_in_use",
    "已投入使用的工人文化宫",
    "个",
    records_url="facilities:projects",
    records=_records_in_use,
    columns=PROJECT_COLUMNS,
)
def palaces_in_use(org: Org, as_of: date) -> int:
    return _palaces(org, as_of).filter(queries.in_use_q()).count()


@indicator(
    "facilities.projects_no_movement",
    "无进展的阵地建设项目",
    "个",
    description=f"{queries.NO_MOVEMENT_MONTHS}个月以上没有新的进展阶段",
    records_url="facilities:projects",
    records=_records_no_movement,
    columns=PROJECT_COLUMNS,
)
def projects_no_movement(org: Org, as_of: date) -> int:
    projects = queries.projects_as_of(as_of).in_org(org)
    return projects.filter(queries.no_movement_q(as_of)).count()


@indicator(
    "facilities.service_points_open",
    "开放中的服务阵地",
    "个",
    description="女工憩园、妈妈小屋、清凉驿站、四点半学校、职工服务中心",
    records_url="facilities:service_points",
    records=_records_points,
    columns=(
        ("name", "名称"),
        ("kind", "类别"),
        ("org__name", "工会"),
        ("place", "地址"),
        ("opened_on", "启用日期"),
    ),
)
def service_points_open(org: Org, as_of: date) -> int:
    return (
        ServicePoint.objects.unscoped(reason="figure for an org (county column)")
        .filter(county_scope_q(org), queries.open_q(as_of))
        .count()
    )
