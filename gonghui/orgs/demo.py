"""Demo org tree: Sanming City union, its twelve county-level unions as the speech names them,
their townships and parks, about 5,000 grassroots unions with employers, and the demo accounts."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from gonghui.core import creditcode
from gonghui.core.demo import CITY_CODE, DEMO_PASSWORD, DemoContext
from gonghui.orgs.models import Department, Headcount, Level, Org, Role, TownshipKind, User


@dataclass(frozen=True)
class County:
    short: str
    name: str
    code: str  # GB/T 2260 as in 2018
    login: str  # the demo officer's user name
    weight: int  # share of the city's grassroots unions
    townships: tuple[str, ...]
    parks: tuple[str, ...] = ()


COUNTIES = (
    County(
        "梅列",
        "梅列区",
        "350402",
        "meilie",
        11,
        ("列东街道", "列西街道", "徐碧街道", "陈大镇", "洋溪镇"),
        ("三明经济开发区梅列园",),
    ),
    County(
        "三元",
        "三元区",
        "350403",
        "sanyuan",
        11,
        ("城关街道", "白沙街道", "富兴堡街道", "荆西街道", "莘口镇", "岩前镇", "中村乡"),
    ),
    County(
        "永安",
        "永安市",
        "350481",
        "yongan",
        14,
        (
            "燕东街道",
            "燕西街道",
            "燕南街道",
            "燕北街道",
            "西洋镇",
            "贡川镇",
            "安砂镇",
            "小陶镇",
            "大湖镇",
            "曹远镇",
            "洪田镇",
            "槐南镇",
        ),
        ("永安尼葛开发区",),
    ),
    County(
        "明溪",
        "明溪县",
        "350421",
        "mingxi",
        5,
        ("雪峰镇", "盖洋镇", "胡坊镇", "瀚仙镇", "城关乡", "沙溪乡", "夏阳乡", "枫溪乡", "夏坊乡"),
    ),
    County(
        "清流",
        "清流县",
        "350423",
        "qingliu",
        5,
        ("龙津镇", "嵩溪镇", "温郊乡", "林畲镇", "灵地镇", "长校镇", "赖坊镇", "嵩口镇"),
    ),
    County(
        "宁化",
        "宁化县",
        "350424",
        "ninghua",
        8,
        ("翠江镇", "泉上镇", "湖村镇", "石壁镇", "曹坊镇", "安远镇", "淮土镇", "安乐镇", "水茜镇"),
        ("宁化华侨经济开发区",),
    ),
    County(
        "大田",
        "大田县",
        "350425",
        "datian",
        9,
        ("均溪镇", "石牌镇", "上京镇", "广平镇", "桃源镇", "太华镇", "建设镇", "奇韬镇", "华兴镇"),
    ),
    County(
        "尤溪",
        "尤溪县",
        "350426",
        "youxi",
        9,
        ("城关镇", "梅仙镇", "西滨镇", "洋中镇", "新阳镇", "管前镇", "西城镇", "尤溪口镇"),
    ),
    County(
        "沙县",
        "沙县",
        "350427",
        "shaxian",
        9,
        ("凤岗街道", "虬江街道", "青州镇", "夏茂镇", "高砂镇", "高桥镇", "富口镇", "大洛镇"),
        ("沙县金古经济开发区",),
    ),
    County(
        "将乐",
        "将乐县",
        "350428",
        "jiangle",
        6,
        ("古镛镇", "万安镇", "高唐镇", "白莲镇", "黄潭镇", "水南镇", "光明乡", "漠源乡"),
        ("将乐经济开发区",),
    ),
    County(
        "泰宁",
        "泰宁县",
        "350429",
        "taining",
        5,
        ("杉城镇", "朱口镇", "下渠镇", "开善乡", "上青乡", "大田乡", "梅口乡", "新桥乡"),
    ),
    County(
        "建宁",
        "建宁县",
        "350430",
        "jianning",
        5,
        ("濉溪镇", "里心镇", "溪源乡", "客坊乡", "伊家乡", "黄坊乡", "溪口镇", "均口镇"),
    ),
)

GRASSROOTS_TOTAL = 5000
WORDS = (
    "恒达",
    "鑫源",
    "华兴",
    "金穗",
    "闽中",
    "永丰",
    "振兴",
    "宏昌",
    "联合",
    "天成",
    "瑞丰",
    "海峡",
    "绿源",
    "嘉禾",
    "长青",
    "凯盛",
    "泰和",
    "万隆",
    "明珠",
    "富民",
    "远航",
    "腾飞",
    "新纪元",
    "东升",
    "龙腾",
    "佳美",
    "盛华",
    "顺昌",
    "建安",
    "福瑞",
)
TRADES = (
    "机械制造",
    "纺织",
    "林产",
    "化工",
    "建材",
    "食品",
    "医药",
    "电子",
    "物流",
    "建筑工程",
    "竹木制品",
    "钢铁",
    "水泥",
    "造纸",
    "茶业",
    "小吃餐饮",
    "商贸",
    "物业管理",
    "旅游开发",
    "汽车维修",
)
FORMS = ("有限公司", "股份有限公司", "有限责任公司")
TEXTILE_MILL = "三明纺织股份有限公司"  # the speech's 三纺公司 (group petition of 180+ workers)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    label: str


PERSONAS = (
    DemoLogin("admin", "系统管理员（市总，可进入系统管理）"),
    DemoLogin("city", "市总工会组织部工作人员"),
    DemoLogin("jianning", "建宁县总工会工作人员"),
    DemoLogin("taining", "泰宁县总工会工作人员"),
    DemoLogin("chair", "建宁县一家企业的基层工会主席"),
    DemoLogin("lawyer", "职工维权志愿律师"),
    DemoLogin("judge", "创新项目评审专家"),
    DemoLogin("worker", "建宁县一家企业的职工"),
)


def load(ctx: DemoContext) -> str:
    """Create the tree, the employers' unions, their headcounts and the accounts."""
    rng = ctx.rng("orgs")
    city = Org.objects.create(
        name="三明市总工会",
        short_name="市总",
        level=Level.CITY,
        admin_code=CITY_CODE,
        established_on=date(1950, 5, 1),
    )
    townships: dict[str, list[Org]] = {}
    for county in COUNTIES:
        union = Org.objects.create(
            name=f"{county.name}总工会",
            short_name=county.short,
            level=Level.COUNTY,
            parent=city,
            admin_code=county.code,
            established_on=date(1956, 1, 1),
        )
        units = []
        for name in county.townships:
            kind = TownshipKind.STREET if name.endswith("街道") else TownshipKind.TOWNSHIP
            units.append(
                Org(
                    name=f"{county.name}{name}总工会",
                    short_name=name,
                    level=Level.TOWNSHIP,
                    township_kind=kind,
                    parent=union,
                    established_on=date(1985, 1, 1),
                )
            )
        for name in county.parks:
            units.append(
                Org(
                    name=f"{name}工会联合会",
                    short_name=name,
                    level=Level.TOWNSHIP,
                    township_kind=TownshipKind.PARK,
                    parent=union,
                    established_on=date(2005, 1, 1),
                )
            )
        townships[county.short] = _bulk_create_children(union, units)

    grassroots = _make_grassroots(rng, townships)
    _make_headcounts(rng, grassroots)
    _make_users(city, townships, grassroots)
    return f"{len(COUNTIES)}个县级工会，{sum(map(len, townships.values()))}个乡镇（园区）工会，{len(grassroots)}个基层工会"


def _bulk_create_children(parent: Org, children: list[Org]) -> list[Org]:
    """Insert children in one statement, then give each its path from its new id."""
    created = Org.objects.bulk_create(children)
    for child in created:
        child.refresh_path()
    Org.objects.bulk_update(created, ["path", "depth"])
    return created


def _make_grassroots(rng: object, townships: dict[str, list[Org]]) -> list[Org]:
    import random

    assert isinstance(rng, random.Random)
    total_weight = sum(c.weight for c in COUNTIES)
    seen_names: set[str] = set()
    seen_codes: set[str] = set()
    by_parent: dict[int, list[Org]] = {}
    parents: dict[int, Org] = {}
    for county in COUNTIES:
        count = round(GRASSROOTS_TOTAL * county.weight / total_weight)
        units = townships[county.short]
        for i in range(count):
            if county.short == "梅列" and i == 0:
                employer = TEXTILE_MILL
            else:
                employer = _employer_name(rng, county, seen_names)
            seen_names.add(employer)
            code = creditcode.generate(rng, region=county.code)
            while code in seen_codes:
                code = creditcode.generate(rng, region=county.code)
            seen_codes.add(code)
            parent = rng.choice(units)
            parents[parent.pk] = parent
            by_parent.setdefault(parent.pk, []).append(
                Org(
                    name=f"{employer}工会委员会",
                    level=Level.GRASSROOTS,
                    parent=parent,
                    employer_name=employer,
                    credit_code=code,
                    established_on=date(rng.randint(1990, 2017), rng.randint(1, 12), 1),
                )
            )
    created: list[Org] = []
    for parent_pk, children in by_parent.items():
        for child in children:
            child.parent = parents[parent_pk]
        created.extend(children)
    created = Org.objects.bulk_create(created, batch_size=1000)
    for child in created:
        child.refresh_path()
    Org.objects.bulk_update(created, ["path", "depth"], batch_size=1000)
    return created


def _employer_name(rng: object, county: County, seen: set[str]) -> str:
    import random

    assert isinstance(rng, random.Random)
    while True:
        prefix = rng.choice((county.short, county.short, "三明", "福建"))
        word = rng.choice(WORDS)
        if rng.random() < 0.5:  # two brand words make the name space large enough for 5,000
            word += rng.choice(WORDS)
        name = f"{prefix}{word}{rng.choice(TRADES)}{rng.choice(FORMS)}"
        if name not in seen:
            return name


def _make_headcounts(rng: object, grassroots: list[Org]) -> None:
    import random

    assert isinstance(rng, random.Random)
    rows = []
    for org in grassroots:
        members = (
            3000
            if org.employer_name == TEXTILE_MILL
            else max(5, min(4000, int(math.exp(rng.gauss(3.7, 1.0)))))
        )
        front = int(members * rng.uniform(0.45, 0.85))
        rows.append(
            Headcount(org=org, reported_on=date(2017, 12, 31), members=members, front_line=front)
        )
    Headcount.objects.bulk_create(rows, batch_size=2000)


def _make_users(city: Org, townships: dict[str, list[Org]], grassroots: list[Org]) -> None:
    counties = {o.short_name: o for o in Org.objects.filter(level=Level.COUNTY, parent=city)}
    jianning = counties["建宁"]
    jianning_union = next(o for o in grassroots if o.path.startswith(jianning.path))

    def make(username: str, full_name: str, org: Org, roles: list[str], **extra: object) -> None:
        user = User(username=username, full_name=full_name, org=org, roles=",".join(roles), **extra)
        user.set_password(DEMO_PASSWORD)
        user.save()

    make(
        "admin",
        "系统管理员",
        city,
        [Role.ADMINISTRATOR],
        is_superuser=True,
        is_staff=True,
        department=Department.OFFICE,
    )
    make(
        "city",
        "林志强",
        city,
        [Role.OFFICER],
        department=Department.ORGANIZATION,
        may_reveal_ids=True,
    )
    for county in COUNTIES:
        make(
            county.login,
            f"{county.short}县总工作人员",
            counties[county.short],
            [Role.OFFICER],
            department=Department.RIGHTS,
        )
    make("chair", "黄建华", jianning_union, [Role.OFFICER], department=Department.CHAIR)
    make("lawyer", "陈律师", city, [Role.LAWYER])
    make("judge", "王评审", city, [Role.JUDGE])
    make("worker", "李春梅", jianning_union, [Role.WORKER])


def print_logins(write: Callable[[str], None]) -> None:
    """Print the demo accounts, one a role, with the shared password."""
    write("")
    write(f"演示账户（密码均为 {DEMO_PASSWORD}）：")
    for login in PERSONAS:
        write(f"  {login.username:<10} {login.label}")
    write(
        "  其他县级工会："
        + "、".join(
            f"{c.login}（{c.short}）" for c in COUNTIES if c.login not in {"jianning", "taining"}
        )
    )
