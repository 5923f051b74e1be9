"""Demo hardship data: 637 archives open on 2018-06-30 (260 local), with the closed and the
later ones around them so that the date matters, members with valid ID numbers, reviews
(overdue in 宁化 and 尤溪), assistance since archiving, and the three programmes."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from gonghui.core import idnumbers
from gonghui.core.demo import DEMO_AS_OF, DemoContext
from gonghui.hardship import demo_programmes, rules
from gonghui.hardship.models import (
    ArchiveLevel,
    Assistance,
    AssistanceKind,
    Cause,
    CloseKind,
    FundingSource,
    Household,
    MinimumLivingStandard,
    Person,
    Programme,
    RemovalReason,
    Review,
    ReviewDecision,
    RigidExpense,
)
from gonghui.hardship.models.household import Employment, Health, SchoolLevel
from gonghui.orgs.models import Org

# Open archives on 2018-06-30 per county (sum 637, the speech's figure).
OPEN_PER_COUNTY = {
    "梅列": 62,
    "三元": 58,
    "永安": 78,
    "明溪": 38,
    "清流": 40,
    "宁化": 66,
    "大田": 56,
    "尤溪": 64,
    "沙县": 52,
    "将乐": 44,
    "泰宁": 36,
    "建宁": 43,
}
OPEN_TOTAL = 637
LOCAL_TOTAL = 260
LIFTED_2018 = 31  # closed in the first half of 2018: still counted in history
REMOVED_2018 = 9
CLOSED_2017 = 24
ARCHIVED_LATER = 18  # archived after the mid-year date
OVERDUE_COUNTIES = ("宁化", "尤溪")
# Monthly 低保标准 in 2018 (yuan); earlier years step down by 30 a year.
STANDARD_2018 = {"梅列": 640, "三元": 640, "永安": 610, "沙县": 590}
STANDARD_DEFAULT_2018 = 560

SURNAMES = "陈林黄张李王吴刘蔡杨郑赖罗邱徐肖余谢朱叶曾廖钟严范魏邓丁"
GIVEN = "建华国明志强秀英春梅丽娟文辉金水德福荣桂兰玉珍海平小红永生伟杰丹萍晓燕俊"
STREETS = ("新市路", "列东街", "崇桂路", "城关路", "解放路", "中山路", "和平街", "南门街")
SCHOOLS = {
    SchoolLevel.SENIOR: ("三明一中", "县第一中学", "县实验中学"),
    SchoolLevel.VOCATIONAL: ("三明职业中专", "县职业中专学校"),
    SchoolLevel.COLLEGE: ("三明医学科技职业学院", "福建林业职业技术学院"),
    SchoolLevel.UNDERGRADUATE: ("三明学院", "福建师范大学", "福州大学", "闽江学院"),
}


@dataclass
class Plan:
    """One demo household before it is written."""

    county: str
    archived_on: date | None
    closed_on: date | None = None
    close_kind: str = ""
    removal_reason: str = ""
    local: bool = False
    overdue: bool = False
    members: list[Person] = field(default_factory=list)


class IdMaker:
    """Unique valid ID numbers: the county's region code, the birth date, sex by parity."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def make(self, region: str, born: date, sex: str) -> str:
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if sex == "M" else 0)
            first17 = f"{region}{born:%Y%m%d}{seq:03d}"
            number = first17 + idnumbers.check_char(first17)
            if number not in self.seen:
                self.seen.add(number)
                return number


def _name(rng: random.Random, surname: str | None = None) -> str:
    return (surname or rng.choice(SURNAMES)) + "".join(
        rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))
    )


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 0) + 1))


def _standards(ctx: DemoContext) -> dict[tuple[str, int], Decimal]:
    rows, table = [], {}
    for short, county in ctx.counties.items():
        for year in range(2013, 2019):
            amount = Decimal(STANDARD_2018.get(short, STANDARD_DEFAULT_2018) - 30 * (2018 - year))
            table[(short, year)] = amount
            rows.append(MinimumLivingStandard(org=county, year=year, monthly_amount=amount))
    MinimumLivingStandard.objects.bulk_create(rows)
    return table


def _plans(rng: random.Random) -> list[Plan]:
    plans: list[Plan] = []
    for county, count in OPEN_PER_COUNTY.items():
        for _ in range(count):
            plans.append(Plan(county, _day(rng, date(2014, 3, 1), date(2018, 6, 20))))
    for i in rng.sample(range(len(plans)), LOCAL_TOTAL):
        plans[i].local = True
    for plan in plans:
        if (
            plan.county in OVERDUE_COUNTIES
            and plan.archived_on
            and plan.archived_on < date(2017, 3, 1)
        ):
            plan.overdue = rng.random() < 0.4
    counties = list(OPEN_PER_COUNTY)
    for kind, count, start, end in (
        (CloseKind.LIFTED, LIFTED_2018, date(2018, 1, 5), date(2018, 6, 28)),
        (CloseKind.REMOVED, REMOVED_2018, date(2018, 1, 5), date(2018, 6, 28)),
        (CloseKind.LIFTED, CLOSED_2017, date(2017, 2, 1), date(2017, 12, 20)),
    ):
        for _ in range(count):
            closed = _day(rng, start, end)
            plans.append(
                Plan(
                    rng.choice(counties),
                    _day(rng, date(2014, 3, 1), closed - timedelta(days=200)),
                    closed_on=closed,
                    close_kind=kind,
                    removal_reason=rng.choice(RemovalReason.values) if kind == "removed" else "",
                    local=rng.random() < 0.4,
                )
            )
    for _ in range(ARCHIVED_LATER):
        plans.append(
            Plan(rng.choice(counties), _day(rng, date(2018, 7, 2), date(2018, 11, 30)), local=True)
        )
    # A few surveyed and not (yet) archived, for the survey → archive path.
    for _ in range(6):
        plans.append(Plan(rng.choice(counties), None, local=True))
    return plans


def load(ctx: DemoContext) -> str:
    """Write the standards, households, members, reviews, assistance and programmes."""
    rng = ctx.rng("hardship")
    standards = _standards(ctx)
    ids = IdMaker(rng)
    grassroots = {short: ctx.grassroots(c) for short, c in ctx.counties.items()}
    plans = _plans(rng)
    households: list[Household] = []
    members: list[list[Person]] = []
    expenses: list[RigidExpense] = []
    for number, plan in enumerate(plans, start=1):
        county = ctx.counties[plan.county]
        org = rng.choice(grassroots[plan.county]) if grassroots[plan.county] else county
        surveyed = (plan.archived_on or _day(rng, date(2018, 3, 1), date(2018, 6, 25))) - timedelta(
            days=rng.randrange(10, 60)
        )
        household, people, rigid = _household(rng, ids, plan, county, org, surveyed, standards)
        household.file_number = f"{county.admin_code}-{surveyed.year}-{number:04d}"
        households.append(household)
        members.append(people)
        expenses.extend(rigid)
    Household.objects.bulk_create(households, batch_size=500)
    persons: list[Person] = []
    for household, people in zip(households, members, strict=True):
        for person in people:
            person.household = household
            if household.is_open:
                person.archive_lock = person.id_number_index
        persons.extend(people)
    Person.objects.bulk_create(persons, batch_size=500)
    for expense in expenses:
        # Bound before the household had an id: copy the id now that it has one.
        expense.household_id = expense.household.pk
    RigidExpense.objects.bulk_create(expenses, batch_size=1000)
    reviews = _reviews(rng, households, plans)
    assistances = _assistance(rng, households, members)
    programmes = demo_programmes.load_programmes(ctx, rng, households, members)
    return (
        f"{len(households)}户困难职工家庭（截至{DEMO_AS_OF}在档{OPEN_TOTAL}户，"
        f"其中地方档{LOCAL_TOTAL}户），{len(persons)}名家庭成员，{reviews}次年审，"
        f"{assistances}条帮扶记录；{programmes}"
    )


def _household(
    rng: random.Random,
    ids: IdMaker,
    plan: Plan,
    county: Org,
    org: Org,
    surveyed: date,
    standards: dict[tuple[str, int], Decimal],
) -> tuple[Household, list[Person], list[RigidExpense]]:
    region = county.admin_code or "350400"
    surname = rng.choice(SURNAMES)
    head_sex = rng.choice("MMF")
    head_born = _day(rng, date(1962, 1, 1), date(1988, 12, 31))
    people = [_person(ids, region, "self", _name(rng, surname), head_born, head_sex)]
    if rng.random() < 0.75:
        spouse_born = head_born + timedelta(days=rng.randrange(-1500, 1500))
        people.append(
            _person(ids, region, "spouse", _name(rng), spouse_born, "F" if head_sex == "M" else "M")
        )
    for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3))):
        latest = min(date(2017, 6, 1), surveyed - timedelta(days=365))
        child_born = _day(rng, max(head_born + timedelta(days=20 * 365), date(1995, 1, 1)), latest)
        people.append(
            _person(ids, region, "child", _name(rng, surname), child_born, rng.choice("MF"))
        )
    if rng.random() < 0.15:
        parent_born = head_born - timedelta(days=rng.randrange(22 * 365, 32 * 365))
        people.append(
            _person(ids, region, "parent", _name(rng, surname), parent_born, rng.choice("MF"))
        )

    causes = rng.sample(
        [
            Cause.ILLNESS,
            Cause.ILLNESS,
            Cause.DISABILITY,
            Cause.UNEMPLOYMENT,
            Cause.SCHOOLING,
            Cause.LOW_WAGE,
            Cause.DISASTER,
            Cause.SINGLE_PARENT,
        ],
        rng.choice((1, 1, 2)),
    )
    for person in people:
        age = (surveyed - person.birth_date).days // 365 if person.birth_date else 40
        if person.relationship == "child":
            person.employment = Employment.STUDENT if age >= 6 else Employment.CHILD
            if 15 <= age <= 22:
                level = (
                    SchoolLevel.SENIOR
                    if age < 18
                    else rng.choice(
                        [SchoolLevel.COLLEGE, SchoolLevel.UNDERGRADUATE, SchoolLevel.VOCATIONAL]
                    )
                )
                person.school_level = level
                person.school = rng.choice(SCHOOLS[level])
        elif person.relationship == "parent":
            person.employment = Employment.RETIRED
            person.health = rng.choice((Health.CHRONIC, Health.HEALTHY))
        elif Cause.ILLNESS in causes and person.relationship == "self":
            person.health = rng.choice((Health.CHRONIC, Health.GRAVE))
        elif Cause.DISABILITY in causes and person.relationship == "self":
            person.health = Health.DISABLED
            person.disability = rng.choice("1234")
            person.employment = Employment.UNABLE

    standard = standards[(plan.county, surveyed.year)]
    n = len(people)
    accident = rng.random() < 0.05
    if accident:
        causes = [Cause.ACCIDENT]
        target = standard * Decimal(str(round(rng.uniform(2.1, 2.8), 2)))
    else:
        target = standard * Decimal(str(round(rng.uniform(0.55, 1.85), 2)))
    rigid_total = Decimal(0)
    rigid: list[RigidExpense] = []
    if Cause.ILLNESS in causes or accident:
        amount = Decimal(rng.randrange(3000, 30000, 500))
        rigid.append(
            RigidExpense(
                kind=RigidExpense.Kind.MEDICAL, yearly_amount=amount, note="住院及门诊自付"
            )
        )
        rigid_total += amount
    if Cause.SCHOOLING in causes:
        amount = Decimal(rng.randrange(2000, 12000, 500))
        rigid.append(
            RigidExpense(kind=RigidExpense.Kind.EDUCATION, yearly_amount=amount, note="子女学费")
        )
        rigid_total += amount
    yearly = target * 12 * n + rigid_total
    earners = [p for p in people if p.employment in (Employment.EMPLOYED, Employment.FLEXIBLE)]
    earners = earners or people[:1]
    monthly = (yearly / 12 / len(earners)).quantize(Decimal(1))
    for person in earners:
        person.monthly_income = monthly
    yearly = monthly * 12 * len(earners)
    losses = (yearly * Decimal("0.9")).quantize(Decimal(1)) if accident else Decimal(0)
    assessment = rules.assess(yearly, rigid_total, n, standard, losses)
    head = people[0]
    household = Household(
        org=org,
        county=county,
        head_name=head.name,
        head_id_masked=head.id_number_masked,
        employer=org.employer_name,
        address=f"{county.name}{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
        level=ArchiveLevel.GRASSROOTS
        if plan.local and rng.random() < 0.3
        else (ArchiveLevel.COUNTY if plan.local else ArchiveLevel.NATIONAL),
        causes=[str(c) for c in causes],
        member_count=n,
        yearly_income=yearly,
        rigid_expenses=rigid_total,
        accident_losses=losses,
        per_capita_income=assessment.per_capita,
        standard_amount=standard,
        suggested_category=assessment.category.value,
        category=assessment.category.value,
        surveyed_on=surveyed,
        archived_on=plan.archived_on,
        closed_on=plan.closed_on,
        close_kind=plan.close_kind,
        removal_reason=plan.removal_reason,
        close_note="家庭收入已稳定高于低保标准两倍" if plan.close_kind == CloseKind.LIFTED else "",
    )
    for expense in rigid:
        expense.household = household
    return household, people, rigid


def _person(
    ids: IdMaker, region: str, relationship: str, name: str, born: date, sex: str
) -> Person:
    person = Person(relationship=relationship, name=name, birth_date=born, sex=sex)
    person.set_id_number(ids.make(region, born, sex))
    return person


def _reviews(rng: random.Random, households: list[Household], plans: list[Plan]) -> int:
    """Yearly reviews on each anniversary (a little early), up to the mid-year date or closing."""
    rows: list[Review] = []
    touched: list[Household] = []
    for household, plan in zip(households, plans, strict=True):
        if household.archived_on is None:
            continue
        early = timedelta(days=rng.randrange(5, 60))
        end = min(household.closed_on or DEMO_AS_OF, DEMO_AS_OF)
        last = None
        k = 1
        while True:
            day = household.archived_on + timedelta(days=365 * k) - early
            if day > end:
                break
            if plan.overdue and day > date(2017, 1, 1):
                break
            rows.append(
                Review(
                    household=household,
                    reviewed_on=day,
                    yearly_income=household.yearly_income,
                    rigid_expenses=household.rigid_expenses,
                    member_count=household.member_count,
                    per_capita_income=household.per_capita_income,
                    category=household.category,
                    decision=ReviewDecision.KEEP,
                    note="经入户核查，家庭情况无明显变化",
                )
            )
            last = day
            k += 1
        if last:
            household.last_reviewed_on = last
            touched.append(household)
    Review.objects.bulk_create(rows, batch_size=1000)
    Household.objects.bulk_update(touched, ["last_reviewed_on"], batch_size=500)
    return len(rows)


def _assistance(
    rng: random.Random, households: list[Household], members: list[list[Person]]
) -> int:
    rows: list[Assistance] = []
    for household, people in zip(households, members, strict=True):
        if household.archived_on is None:
            continue
        end = min(household.closed_on or DEMO_AS_OF, DEMO_AS_OF)
        for year in range(household.archived_on.year, end.year + 1):
            festival = date(year, 1, rng.randrange(10, 31))
            if household.archived_on <= festival <= end:
                rows.append(
                    Assistance(
                        household=household,
                        kind=AssistanceKind.FESTIVAL,
                        amount=Decimal(rng.choice((500, 800, 1000))),
                        given_on=festival,
                        funding_source=FundingSource.CITY,
                        programme=Programme.WINTER,
                        note="春节送温暖慰问",
                    )
                )
            living = _day(rng, date(year, 3, 1), date(year, 11, 30))
            if household.archived_on <= living <= end:
                kind = (
                    AssistanceKind.MEDICAL
                    if "illness" in household.causes
                    else AssistanceKind.LIVING
                )
                rows.append(
                    Assistance(
                        household=household,
                        kind=kind,
                        amount=Decimal(rng.randrange(1000, 5001, 100)),
                        given_on=living,
                        funding_source=rng.choice(
                            [FundingSource.ACFTU, FundingSource.FINANCE, FundingSource.COUNTY]
                        ),
                        note="",
                    )
                )
            if any(p.school_level for p in people):
                autumn = date(year, 8, rng.randrange(15, 31))
                if household.archived_on <= autumn <= end:
                    rows.append(
                        Assistance(
                            household=household,
                            kind=AssistanceKind.EDUCATION,
                            amount=Decimal(rng.choice((1000, 2000, 3000))),
                            given_on=autumn,
                            funding_source=FundingSource.CITY,
                            programme=Programme.EDUCATION,
                            note="金秋助学",
                        )
                    )
    Assistance.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
