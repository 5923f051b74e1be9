"""Demo facilities at mid-2018, as the speech tells them: 大田 and 将乐 palaces bought (asset
transfer done), 建宁's under construction, 尤溪 and 清流 preparing, 三元 just approved, 宁化's
plan agreed at the joint meeting, the other five with no movement for months; sports centres
in use in 永安 (尼葛开发区) and 宁化 (华侨经开区), 将乐's (经济开发区) being fitted out. And a few
service points of each kind in most counties."""

from __future__ import annotations

import random
from datetime import date, timedelta

from gonghui.core.demo import DemoContext
from gonghui.facilities.models import (
    STAGE_RANK,
    ConstructionProject,
    PointKind,
    ProjectKind,
    ProjectStage,
    ServicePoint,
    Stage,
)
from gonghui.orgs.counties import county_id_of
from gonghui.orgs.models import Org, TownshipKind

S = Stage
PALACES: dict[str, list[tuple[str, date, str]]] = {
    "大田": [
        (S.PLANNED, date(2016, 5, 12), "县政府专题会议纪要同意建设"),
        (S.SITE, date(2017, 3, 8), "选定均溪镇既有商业楼"),
        (S.LAND, date(2018, 3, 15), "通过购买方式完成资产过户，不动产权证已办理"),
    ],
    "将乐": [
        (S.PLANNED, date(2016, 8, 18), "县委常委会研究同意"),
        (S.LAND, date(2018, 1, 20), "通过购买方式完成资产过户"),
    ],
    "建宁": [
        (S.PLANNED, date(2016, 3, 10), "县政府常务会议同意建设"),
        (S.SITE, date(2016, 9, 22), "选址濉溪镇"),
        (S.LAND, date(2017, 4, 18), "用地划拨手续办结"),
        (S.DESIGNED, date(2017, 11, 6), "施工图审查通过"),
        (S.GROUND, date(2018, 4, 28), "开工仪式，施工许可证已取得"),
    ],
    "尤溪": [
        (S.PLANNED, date(2017, 6, 15), "县政府同意建设"),
        (S.SITE, date(2018, 3, 22), "选址确定，进入动工筹备"),
    ],
    "清流": [
        (S.PLANNED, date(2017, 7, 3), "县政府同意建设"),
        (S.SITE, date(2018, 5, 9), "选址确定，进入动工筹备"),
    ],
    "三元": [(S.PLANNED, date(2018, 5, 25), "经区委常委会研究确定")],
    "宁化": [
        (S.PLANNED, date(2018, 1, 10), "工会办公大楼资产置换和文化宫建设方案经政府联席会议议定"),
    ],
    # No movement for months (部分县至今仍未有动静).
    "梅列": [(S.PLANNED, date(2015, 11, 20), "区政府原则同意")],
    "永安": [
        (S.PLANNED, date(2015, 6, 8), "市政府原则同意"),
        (S.SITE, date(2016, 10, 12), "初步选址"),
    ],
    "明溪": [(S.PLANNED, date(2016, 4, 26), "县政府原则同意")],
    "沙县": [(S.PLANNED, date(2016, 9, 30), "县政府原则同意")],
    "泰宁": [(S.PLANNED, date(2017, 2, 14), "县政府原则同意")],
}
SPORTS_CENTRES: dict[str, tuple[str, list[tuple[str, date, str]]]] = {
    "永安": (
        "永安尼葛开发区",
        [
            (S.PLANNED, date(2015, 3, 1), "开发区管委会立项"),
            (S.GROUND, date(2016, 4, 1), "开工"),
            (S.IN_USE, date(2017, 10, 16), "建成投入使用"),
        ],
    ),
    "宁化": (
        "宁化华侨经济开发区",
        [
            (S.PLANNED, date(2016, 2, 1), "开发区管委会立项"),
            (S.GROUND, date(2016, 11, 1), "开工"),
            (S.IN_USE, date(2018, 1, 18), "建成投入使用"),
        ],
    ),
    "将乐": (
        "将乐经济开发区",
        [
            (S.PLANNED, date(2016, 6, 1), "开发区管委会立项"),
            (S.GROUND, date(2017, 3, 20), "开工"),
            (S.STRUCTURE, date(2018, 1, 25), "主体完工"),
            (S.FITTING, date(2018, 4, 16), "进入室内外配套设施建设"),
        ],
    ),
}
POINT_NAMES = {
    PointKind.WOMEN_REST: "女工憩园",
    PointKind.NURSING: "妈妈小屋",
    PointKind.COOLING: "清凉驿站",
    PointKind.AFTER_SCHOOL: "四点半学校",
    PointKind.SERVICE_CENTRE: "职工服务中心",
}
HOURS = {
    PointKind.WOMEN_REST: "工作日 8:00-18:00",
    PointKind.NURSING: "工作日 8:00-18:00",
    PointKind.COOLING: "7月至9月 每日 9:00-17:00",
    PointKind.AFTER_SCHOOL: "学期内工作日 16:30-18:30",
    PointKind.SERVICE_CENTRE: "工作日 8:30-17:30",
}
NO_POINTS = {"明溪"}  # "most counties"


def load(ctx: DemoContext) -> str:
    """Palaces and sports centres with their stages, and service points."""
    rng = ctx.rng("facilities")
    stages: list[ProjectStage] = []
    projects = 0
    for short, county in ctx.counties.items():
        project = ConstructionProject.objects.create(
            org=county, kind=ProjectKind.PALACE, name=f"{county.short_name}工人文化宫"
        )
        stages += _stages(project, PALACES[short])
        projects += 1
        if short in SPORTS_CENTRES:
            park_name, steps = SPORTS_CENTRES[short]
            park = Org.objects.get(
                parent=county, township_kind=TownshipKind.PARK, short_name=park_name
            )
            project = ConstructionProject.objects.create(
                org=park, kind=ProjectKind.SPORTS, name=f"{park_name}职工文体中心", place=park_name
            )
            stages += _stages(project, steps)
            projects += 1
    ProjectStage.objects.bulk_create(stages)
    points = _service_points(ctx, rng)
    ServicePoint.objects.bulk_create(points)
    return f"{projects}个阵地建设项目（{len(stages)}个进展阶段），{len(points)}个服务阵地"


def _stages(project: ConstructionProject, steps: list[tuple[str, date, str]]) -> list[ProjectStage]:
    return [
        ProjectStage(
            project=project, stage=stage, rank=STAGE_RANK[stage], reached_on=day, evidence=note
        )
        for stage, day, note in steps
    ]


def _service_points(ctx: DemoContext, rng: random.Random) -> list[ServicePoint]:
    points = []
    for short, county in ctx.counties.items():
        if short in NO_POINTS:
            continue
        unions = ctx.grassroots(county)
        for kind, label in POINT_NAMES.items():
            for i in range(rng.randint(1, 4)):
                host = rng.choice(unions) if kind != PointKind.SERVICE_CENTRE else county
                opened = date(2015, 1, 1) + timedelta(days=rng.randint(0, 1200))
                closed = opened + timedelta(days=700) if rng.random() < 0.08 else None
                points.append(
                    ServicePoint(
                        org=host,
                        county_id=county_id_of(host),
                        kind=kind,
                        name=f"{host.employer_name or county.name}{label}"
                        + (f"（{i + 1}）" if i and kind == PointKind.SERVICE_CENTRE else ""),
                        place=f"{county.name.removesuffix('总工会')}{host.employer_name or '工人路1号'}",
                        hours=HOURS[kind],
                        capacity=rng.choice((10, 20, 30, 50, 80)),
                        contact=f"0598-{rng.randint(5000000, 8999999)}",
                        opened_on=opened,
                        closed_on=closed,
                    )
                )
    return points
