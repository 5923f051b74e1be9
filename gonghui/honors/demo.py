"""Demo honours records for the first half of 2018: model workers across the twelve counties
with the visits around 1 May (市委书记带队走访看望劳模), studios, craftsmen, the 2018 provincial
nomination round, and the competitions the speech names (the five poverty counties' key
projects, the city's key-project competition, the 2018 安康杯)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from gonghui.core import idnumbers
from gonghui.core.demo import DemoContext
from gonghui.honors.models import (
    Award,
    AwardKind,
    Competition,
    CompetitionKind,
    Craftsman,
    HonourLevel,
    ModelWorker,
    ModelWorkerVisit,
    Nomination,
    NominationStatus,
    Participant,
    PensionStatus,
    Studio,
)
from gonghui.orgs.models import Org

POVERTY_COUNTIES = ("明溪", "清流", "宁化", "建宁", "泰宁")
# Counties whose unions had not visited their provincial-and-up model workers by mid-year.
NOT_VISITING = ("明溪", "尤溪")
# Counties with no model-worker studio yet.
NO_STUDIO = ("明溪", "清流")
# National model workers (全国劳模) by county.
NATIONAL = {"梅列": 1, "三元": 2, "永安": 2, "沙县": 1, "尤溪": 1, "大田": 1}

NATIONAL_DATES = (date(2005, 4, 30), date(2010, 4, 27), date(2015, 4, 28))
PROVINCIAL_DATES = (date(2004, 4, 28), date(2009, 4, 28), date(2014, 4, 28))
CITY_DATES = (date(2008, 4, 28), date(2013, 4, 28), date(2018, 4, 27))
SECRETARY_VISIT = date(2018, 4, 26)
SECRETARY = "省政协副主席、市委书记杜源生"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严赖覃洪武莫孔"
GIVEN = "建国志强伟明华军秀英丽芳海燕春梅红霞文杰宏伟金水福清永平德胜振华玉兰桂香晓东小平国庆建华丽萍秋菊福生长林"
FRONT_JOBS = ("班组长", "高级技师", "一线操作工", "技术员", "车间主任", "项目经理", "电工班班长")
OFFICE_JOBS = ("总经理", "厂长", "总工程师", "副总经理", "党委书记")
TRADES = ("钳工", "电工", "焊工", "车工", "数控机床操作", "林业技术", "化工操作", "纺纱")


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.8 else "")
    return rng.choice(SURNAMES) + given


def _id_number(rng: random.Random, region: str, male: bool) -> str:
    born = date(1955, 1, 1) + timedelta(days=rng.randint(0, 365 * 32))
    seq = rng.randint(0, 49) * 2 + (1 if male else 0)
    first17 = f"{region}{born:%Y%m%d}{rng.randint(0, 9)}{seq:02d}"
    return first17 + idnumbers.check_char(first17)


def _job(rng: random.Random, org: Org, front_line: bool) -> str:
    return org.employer_name + rng.choice(FRONT_JOBS if front_line else OFFICE_JOBS)


def load(ctx: DemoContext) -> str:
    """Create the honours records of the demo."""
    rng = ctx.rng("honors")
    units = {short: ctx.grassroots(county) for short, county in ctx.counties.items()}
    workers = _model_workers(rng, ctx, units)
    visits = _visits(rng, ctx, workers)
    studios = _studios(rng, ctx, workers)
    craftsmen = _craftsmen(rng, units)
    nominations = _nominations(rng, ctx, units)
    competitions, participants, awards = _competitions(rng, ctx, units)
    return (
        f"{len(workers)}名劳模，{visits}次走访，{studios}个劳模工作室，{craftsmen}名金牌工匠，"
        f"{nominations}条省级劳模推荐，{competitions}项劳动竞赛（{participants}个参赛单位，"
        f"{awards}项表彰）"
    )


def _model_workers(
    rng: random.Random, ctx: DemoContext, units: dict[str, list[Org]]
) -> list[ModelWorker]:
    rows = []
    for short, county in ctx.counties.items():
        plan = (
            [HonourLevel.NATIONAL] * NATIONAL.get(short, 0)
            + [HonourLevel.PROVINCIAL] * rng.randint(5, 9)
            + [HonourLevel.CITY] * rng.randint(14, 26)
        )
        for level in plan:
            org = rng.choice(units[short])
            front = rng.random() < {"national": 0.5, "provincial": 0.6, "city": 0.7}[level]
            dates = {
                HonourLevel.NATIONAL: NATIONAL_DATES,
                HonourLevel.PROVINCIAL: PROVINCIAL_DATES,
                HonourLevel.CITY: CITY_DATES,
            }[level]
            if level == HonourLevel.CITY:
                pension, allowance = PensionStatus.NOT_APPLIED, Decimal("100.00")
            elif short == "将乐":
                # 将乐 was still pressing the government for the supplementary pension.
                pension, allowance = PensionStatus.APPLIED, Decimal("300.00")
            else:
                pension = rng.choices(
                    [PensionStatus.GRANTED, PensionStatus.APPLIED, PensionStatus.NOT_APPLIED],
                    [8, 1, 1],
                )[0]
                allowance = Decimal("600.00" if level == HonourLevel.NATIONAL else "300.00")
            worker = ModelWorker(
                name=_name(rng),
                org=org,
                job=_job(rng, org, front),
                level=level,
                awarded_on=rng.choice(dates),
                front_line=front,
                pension_status=pension,
                monthly_allowance=allowance,
            )
            worker.set_id_number(_id_number(rng, county.admin_code or "350400", rng.random() < 0.7))
            worker.county_short = short  # type: ignore[attr-defined]
            rows.append(worker)
    # bulk_create returns the same instances (with their new ids and the county tag).
    return ModelWorker.objects.bulk_create(rows, batch_size=500)


def _visits(rng: random.Random, ctx: DemoContext, workers: list[ModelWorker]) -> int:
    rows = []
    high = [w for w in workers if w.level != HonourLevel.CITY]
    # The city party secretary's visit before 1 May: the national model workers in the centre.
    secretary_visits = [
        w for w in high if w.level == HonourLevel.NATIONAL and w.county_short in ("梅列", "三元")
    ]
    for worker in secretary_visits:
        rows.append(
            ModelWorkerVisit(
                model_worker=worker,
                visited_on=SECRETARY_VISIT,
                visitor=SECRETARY,
                note="“五一”前夕带队走访看望劳模和一线职工，送上节日慰问。",
            )
        )
    for worker in high:
        short = worker.county_short  # type: ignore[attr-defined]
        if worker in secretary_visits or short in NOT_VISITING:
            continue
        rows.append(
            ModelWorkerVisit(
                model_worker=worker,
                visited_on=date(2018, 4, 20) + timedelta(days=rng.randint(0, 14)),
                visitor=f"{short}总工会主席",
                note="“五一”走访看望，了解生活和补充养老保险落实情况。",
            )
        )
    for worker in workers:
        # Last year's visits, so that a figure as of 2017 has its own records.
        if rng.random() < 0.5:
            rows.append(
                ModelWorkerVisit(
                    model_worker=worker,
                    visited_on=date(2017, 4, 20) + timedelta(days=rng.randint(0, 14)),
                    visitor=f"{worker.county_short}总工会",  # type: ignore[attr-defined]
                    note="“五一”走访看望。",
                )
            )
        elif worker.level == HonourLevel.CITY and rng.random() < 0.2:
            rows.append(
                ModelWorkerVisit(
                    model_worker=worker,
                    visited_on=date(2018, 2, 5) + timedelta(days=rng.randint(0, 9)),
                    visitor="市总工会",
                    note="春节前走访慰问。",
                )
            )
    ModelWorkerVisit.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _studios(rng: random.Random, ctx: DemoContext, workers: list[ModelWorker]) -> int:
    rows = []
    for short in ctx.counties:
        if short in NO_STUDIO:
            continue
        leads = [w for w in workers if w.county_short == short and w.awarded_on.year < 2018]  # type: ignore[attr-defined]
        rng.shuffle(leads)
        for lead in leads[: rng.randint(1, 3)]:
            level = HonourLevel.CITY
            if lead.level == HonourLevel.NATIONAL:
                level = HonourLevel.PROVINCIAL
            rows.append(
                Studio(
                    name=f"{lead.name}劳模创新工作室",
                    org=lead.org,
                    lead=lead,
                    set_up_on=date(rng.choice((2014, 2015, 2016, 2017, 2018)), 4, 28),
                    level=level,
                )
            )
    Studio.objects.bulk_create(rows)
    return len(rows)


def _craftsmen(rng: random.Random, units: dict[str, list[Org]]) -> int:
    rows = []
    for orgs in units.values():
        for _ in range(rng.randint(1, 3)):
            rows.append(
                Craftsman(
                    name=_name(rng), org=rng.choice(orgs), trade=rng.choice(TRADES), year=2017
                )
            )
    Craftsman.objects.bulk_create(rows)
    return len(rows)


def _nominations(rng: random.Random, ctx: DemoContext, units: dict[str, list[Org]]) -> int:
    """The 2018 provincial round, reviewed but not sent: the front-line share is one short."""
    rows = []
    for short, county in ctx.counties.items():
        for _ in range(2):
            org = rng.choice(units[short])
            rows.append(
                Nomination(
                    nominee=_name(rng),
                    org=org,
                    recommended_by=county,
                    year=2018,
                    level_sought=HonourLevel.PROVINCIAL,
                    front_line=False,
                    recommended_on=date(2018, 3, 10) + timedelta(days=rng.randint(0, 10)),
                    status=NominationStatus.ACCEPTED,
                    reviewed_on=date(2018, 4, 12),
                    deeds=f"{org.employer_name}生产经营骨干，带领团队攻坚克难。",
                )
            )
    # Of the 24: 2 returned, 22 accepted, of whom 10 front-line (45.5% < 50%, one short).
    for n, row in enumerate(rows):
        row.front_line = n % 2 == 0 and n < 20
        row.job = _job(rng, row.org, row.front_line)
    for row in (rows[3], rows[15]):
        row.status = NominationStatus.RETURNED
        row.review_note = "事迹材料不全，请补充后再报"
    Nomination.objects.bulk_create(rows)
    return len(rows)


def _competitions(
    rng: random.Random, ctx: DemoContext, units: dict[str, list[Org]]
) -> tuple[int, int, int]:
    city = ctx.city
    specs = [
        (
            CompetitionKind.KEY_PROJECT,
            "2018年五个扶贫开发重点县重点项目劳动竞赛",
            date(2018, 3, 15),
            date(2018, 12, 31),
            "在明溪、清流、宁化、建宁、泰宁5个扶贫开发重点县开展，以精准扶贫、精准脱贫为目的。",
            {short: 3 for short in POVERTY_COUNTIES},
            "项目部",
        ),
        (
            CompetitionKind.KEY_PROJECT,
            "2018年市区重中之重项目工程劳动竞赛",
            date(2018, 3, 1),
            date(2018, 12, 31),
            "市总工会与市重点项目建设办公室联合举办。",
            {"梅列": 4, "三元": 4},
            "项目部",
        ),
        (
            CompetitionKind.SAFETY,
            "2018年“安康杯”竞赛",
            date(2018, 4, 1),
            date(2018, 11, 30),
            "深化群众性安全生产大检查，加强班组长安全生产培训。",
            {short: 4 for short in ctx.counties},
            "安全生产班组",
        ),
        (
            CompetitionKind.SKILLS,
            "2018年“中国梦•劳动美”“五一”技能竞赛",
            date(2018, 4, 10),
            date(2018, 5, 20),
            "",
            {short: 2 for short in ctx.counties},
            "技能竞赛队",
        ),
        (
            CompetitionKind.SAFETY,
            "2017年“安康杯”竞赛",
            date(2017, 4, 1),
            date(2017, 11, 30),
            "",
            {short: 3 for short in ctx.counties},
            "安全生产班组",
        ),
    ]
    participants: list[Participant] = []
    awards: list[Award] = []
    for kind, title, starts, ends, description, per_county, team in specs:
        competition = Competition.objects.create(
            kind=kind,
            title=title,
            org=city,
            starts_on=starts,
            ends_on=ends,
            description=description,
        )
        entered = []
        for short, count in per_county.items():
            for org in rng.sample(units[short], count):
                entered.append(
                    Participant(
                        competition=competition,
                        org=org,
                        team=f"{org.employer_name[:12]}{team}",
                        joined_on=starts + timedelta(days=rng.randint(0, 20)),
                    )
                )
        participants.extend(entered)
        if ends < date(2018, 6, 30):
            awarded_on = ends + timedelta(days=20)
            for p in rng.sample(entered, min(10, len(entered))):
                if kind == CompetitionKind.SKILLS:
                    awards.append(
                        Award(
                            kind=AwardKind.INDIVIDUAL,
                            name=_name(rng),
                            title="三明市技术能手",
                            competition=competition,
                            org=p.org,
                            awarded_on=awarded_on,
                        )
                    )
                else:
                    awards.append(
                        Award(
                            kind=AwardKind.TEAM,
                            name=p.team,
                            title="“安康杯”竞赛优胜班组",
                            competition=competition,
                            org=p.org,
                            awarded_on=awarded_on,
                        )
                    )
    Participant.objects.bulk_create(participants, batch_size=500)
    Award.objects.bulk_create(awards)
    return len(specs), len(participants), len(awards)
