"""Demo rights records for the first half of 2018, as the speech counts them.

As of 2018-06-30 for the city: 163 petition cases from 366 person-visits (one group petition of
182 workers of 三明纺织股份有限公司, ten repeats counted once, six overdue), a volunteer lawyer
group with monthly shifts in ten counties (明溪 and 泰宁 none in May–June), 1,499 supervision
committees (and more set up later in 2018), and a chain of 一函两书 ending at the procuratorate.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from gonghui.core import idnumbers
from gonghui.core.demo import DEMO_AS_OF, DemoContext
from gonghui.orgs.demo import TEXTILE_MILL
from gonghui.orgs.models import Org
from gonghui.rights import deadlines
from gonghui.rights.models import (
    Channel,
    Consultation,
    EventKind,
    LawyerShift,
    LeaderReceptionDay,
    LetterKind,
    LetterTopic,
    Matter,
    Petition,
    Petitioner,
    PetitionEvent,
    Referral,
    ServiceCentre,
    State,
    SupervisionCommittee,
    SupervisionLetter,
    VolunteerLawyer,
)

CASES = 163
PERSON_VISITS = 366
REPEATS = 10
TEXTILE_PERSONS = 182
OTHER_GROUPS = (5, 6)
COMMITTEES_BY_MID_YEAR = 1499
COMMITTEES_LATER = 60
LOW_COMMITTEE_COUNTIES = ("清流", "泰宁")
NO_SHIFT_COUNTIES = ("明溪", "泰宁")  # no lawyer shift in May–June 2018
START = date(2018, 1, 1)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红文斌春梅海燕玲辉鹏飞"
FIRMS = ("福建三明正义律师事务所", "福建沙溪律师事务所", "福建闽中律师事务所", "福建格氏律师事务所")
SPECIALTIES = ("劳动争议", "工伤赔偿", "社会保险", "劳动合同", "拖欠工资")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _id_number(rng: random.Random, region: str) -> str:
    born = date(1960, 1, 1) + timedelta(days=rng.randint(0, 35 * 365))
    first17 = f"{region}{born:%Y%m%d}{rng.randint(1, 999):03d}"
    return first17 + idnumbers.check_char(first17)


def _phone(rng: random.Random) -> str:
    return rng.choice(("139", "138", "135", "159", "187")) + f"{rng.randint(0, 99_999_999):08d}"


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def load(ctx: DemoContext) -> str:
    """Create the petitions, lawyers and shifts, committees and letters of the demo."""
    rng = ctx.rng("rights")
    counties = ctx.counties
    petitions = _petitions(ctx, rng, counties)
    shifts = _lawyers_and_shifts(ctx, rng, counties, petitions)
    committees = _committees(ctx, rng, counties)
    letters = _letters(ctx, counties)
    return (
        f"{CASES}件信访（{PERSON_VISITS}人次），{shifts}个律师值班班次，"
        f"{committees}个劳动法律监督委员会，{letters}份一函两书"
    )


# --- petitions -------------------------------------------------------------------------------


def _persons_plan(rng: random.Random) -> list[int]:
    """Persons per petition row (the textile mill's first): sums to PERSON_VISITS."""
    rows = CASES + REPEATS
    plan = [TEXTILE_PERSONS, *OTHER_GROUPS] + [1] * (rows - 1 - len(OTHER_GROUPS))
    spare = PERSON_VISITS - sum(plan)
    singles = list(range(1 + len(OTHER_GROUPS), rows))
    for index in rng.sample(singles, spare):
        plan[index] = 2
    assert sum(plan) == PERSON_VISITS and len(plan) == rows
    return plan


def _lifecycle(p: Petition, rng: random.Random, kind: str) -> list[tuple[str, date, str]]:
    """Fill the petition's dates up to the demo date; return its events (kind, day, note)."""
    r = p.received_on
    events = [(EventKind.REGISTERED, r, "")]
    if kind == "undecided":  # decision overdue
        p.state = State.REGISTERED
        return events
    decided = r + timedelta(days=rng.randint(0, 10) if kind != "late_decision" else 18)
    if decided > DEMO_AS_OF:
        return events
    if kind == "declined":
        p.state, p.declined_on, p.notice_on = State.DECLINED, decided, decided
        p.decline_reason = "不属于工会职责范围，已告知向劳动人事争议仲裁委员会申请仲裁"
        return [*events, (EventKind.DECLINED, decided, p.decline_reason)]
    p.state, p.accepted_on, p.notice_on = State.ACCEPTED, decided, decided
    events.append((EventKind.ACCEPTED, decided, ""))
    assigned = decided + timedelta(days=rng.randint(0, 3))
    if assigned > DEMO_AS_OF:
        return events
    p.state, p.assigned_on = State.ASSIGNED, assigned
    p.assigned_unit, p.handler = p.org, _name(rng)
    events.append((EventKind.ASSIGNED, assigned, f"承办人：{p.handler}"))
    if kind == "unanswered":  # answer overdue
        return events
    if kind == "extended":
        p.extension_days, p.extended_on = 30, decided + timedelta(days=50)
        p.extension_reason = "需会同人社部门调查核实，申请延期"
        if p.extended_on <= DEMO_AS_OF:
            events.append((EventKind.EXTENDED, p.extended_on, p.extension_reason))
        else:
            p.extension_days, p.extended_on, p.extension_reason = 0, None, ""
    if kind == "late_answer":
        answered = decided + timedelta(days=rng.randint(64, 75))
    else:
        answered = decided + timedelta(days=rng.randint(12, 55))
    handled = answered - timedelta(days=rng.randint(1, 5))
    handled = max(handled, assigned)
    if handled > DEMO_AS_OF:
        return events
    p.state, p.handled_on = State.HANDLED, handled
    p.handling_note = "已约谈用人单位，督促依法整改"
    events.append((EventKind.HANDLED, handled, p.handling_note))
    if answered > DEMO_AS_OF:
        return events
    p.state, p.answered_on = State.ANSWERED, answered
    p.answer_text = "经调查核实，用人单位已按规定处理，答复信访人"
    events.append((EventKind.ANSWERED, answered, ""))
    closed = answered + timedelta(days=rng.randint(1, 5))
    if closed > DEMO_AS_OF:
        return events
    p.state, p.closed_on = State.CLOSED, closed
    events.append((EventKind.CLOSED, closed, ""))
    called = closed + timedelta(days=rng.randint(3, 10))
    if called > DEMO_AS_OF:
        return events
    p.state, p.followed_up_on = State.FOLLOWED_UP, called
    p.satisfaction = rng.choices((5, 4, 3, 2), weights=(45, 35, 15, 5))[0]
    events.append((EventKind.FOLLOWED_UP, called, f"满意度{p.satisfaction}分"))
    return events


def _petitions(ctx: DemoContext, rng: random.Random, counties: dict[str, Org]) -> list[Petition]:
    textile = Org.objects.get(employer_name=TEXTILE_MILL)
    grassroots = {short: ctx.grassroots(org) for short, org in counties.items()}
    shorts = list(counties)
    weights = [len(grassroots[s]) + 150 for s in shorts]
    receptions = _reception_days(ctx, counties)
    plan = _persons_plan(rng)
    # Which rows are special: the overdue six, late answers, an extension, refusals.
    kinds = ["normal"] * len(plan)
    specials = rng.sample(range(1 + len(OTHER_GROUPS), CASES), 3 + 3 + 4 + 1 + 12)
    for index, kind in zip(
        specials,
        ["undecided"] * 3
        + ["unanswered"] * 3
        + ["late_answer"] * 4
        + ["extended"]
        + ["declined"] * 12,
        strict=True,
    ):
        kinds[index] = kind
    used: dict[tuple[str, str], date] = {}
    rows: list[tuple[Petition, list[Petitioner], list[tuple[str, date, str]]]] = []
    for index in range(CASES):
        persons = plan[index]
        kind = kinds[index]
        if index == 0:
            county_short, employer = "梅列", textile
            received, channel, matter = date(2018, 4, 16), Channel.VISIT, Matter.WAGES_OWED
        else:
            county_short = rng.choices(shorts, weights=weights)[0]
            if kind == "undecided":
                received = date(2018, 5, 20) + timedelta(days=rng.randint(0, 21))
            elif kind == "unanswered":
                received = date(2018, 3, 5) + timedelta(days=rng.randint(0, 30))
            elif kind == "extended":
                received = date(2018, 3, 20)
            elif kind == "late_answer":
                received = date(2018, 1, 5) + timedelta(days=rng.randint(0, 60))
            else:
                received = START + timedelta(days=rng.randint(0, (DEMO_AS_OF - START).days))
            channel = rng.choices(list(Channel), weights=(15, 25, 45, 15))[0]
            if persons >= deadlines.GROUP_MIN_PERSONS:
                channel = Channel.VISIT
            matter = rng.choices(list(Matter), weights=(35, 20, 15, 12, 10, 8))[0]
            if kind == "normal" and channel == Channel.VISIT and rng.random() < 0.1:
                # Received at the county's leader reception day of that month.
                received = received.replace(day=15)
            employer = None
            while employer is None or (
                (employer.pk, matter) in used
                and abs((used[(employer.pk, matter)] - received).days)
                <= 2 * deadlines.REPEAT_WINDOW_DAYS
            ):
                employer = rng.choice(grassroots[county_short])
        used[(employer.pk, matter)] = received
        county = counties[county_short]
        day = next((d for d in receptions if d.org_id == county.pk and d.held_on == received), None)
        # A third of employers are typed in by name with their credit code, as offices do.
        typed = index > 0 and rng.random() < 0.3
        p = Petition(
            org=county,
            county=county,
            channel=channel,
            received_on=received,
            persons=persons,
            matter=matter,
            employer_org=None if typed else employer,
            employer_name=employer.employer_name,
            employer_credit_code=employer.credit_code or "",
            content=_content(matter, persons, employer.employer_name),
            reception_day=day if channel == Channel.VISIT else None,
            created_at=_at(received),
        )
        events = _lifecycle(p, rng, kind)
        if index == 0:  # the group petition: handled within the month, as the speech tells
            p.handler = "梅列区总工会权益保障部"
            p.accepted_on = p.notice_on = received
            p.assigned_on, p.handled_on = received, date(2018, 5, 15)
            p.answered_on, p.closed_on, p.followed_up_on = (
                date(2018, 5, 20),
                date(2018, 5, 25),
                date(2018, 6, 5),
            )
            p.state, p.satisfaction, p.assigned_unit = State.FOLLOWED_UP, 4, county
            p.answer_text = "经协调，企业与职工代表达成协议，分期补发拖欠工资"
            events = [
                (EventKind.REGISTERED, received, "职工180余人集体上访，推选代表5人"),
                (EventKind.ACCEPTED, received, "当日受理"),
                (EventKind.ASSIGNED, received, "承办人：梅列区总工会权益保障部"),
                (EventKind.HANDLED, p.handled_on, "会同人社、公安等部门协调"),
                (EventKind.ANSWERED, p.answered_on, ""),
                (EventKind.CLOSED, p.closed_on, ""),
                (EventKind.FOLLOWED_UP, p.followed_up_on, "满意度4分"),
            ]
        people = [
            Petitioner(name=_name(rng), phone=_phone(rng), is_representative=True)
            for _ in range(min(persons, 5))
        ]
        for person in people:
            person.set_id_number(_id_number(rng, county.admin_code or "350400"))
        rows.append((p, people, events))

    # Repeats: the same petitioner comes back about the same matter within the window.
    for index in range(REPEATS):
        first, people, _events = rows[rng.randrange(1 + len(OTHER_GROUPS), CASES)]
        while first.persons != 1 or first.received_on > DEMO_AS_OF - timedelta(days=20):
            first, people, _events = rows[rng.randrange(1 + len(OTHER_GROUPS), CASES)]
        received = min(DEMO_AS_OF, first.received_on + timedelta(days=rng.randint(7, 60)))
        p = Petition(
            org=first.org,
            county=first.county,
            channel=rng.choice((Channel.CALL, Channel.VISIT)),
            received_on=received,
            persons=plan[CASES + index],
            matter=first.matter,
            employer_org=first.employer_org,
            employer_name=first.employer_name,
            employer_credit_code=first.employer_credit_code,
            content="再次反映：" + first.content,
            created_at=_at(received),
        )
        p._repeat_root = first  # type: ignore[attr-defined]
        events = _lifecycle(p, rng, "normal")
        again = Petitioner(name=people[0].name, phone=people[0].phone)
        again.id_number_cipher = people[0].id_number_cipher
        again.id_number_index = people[0].id_number_index
        again.id_number_masked = people[0].id_number_masked
        rows.append(
            (p, [again], [*events, (EventKind.LINKED, received, "与首件为同一事项，计为一件")])
        )

    for p, _people, _events in rows:
        p.refresh_derived()
    firsts = Petition.objects.bulk_create([p for p, _, _ in rows[:CASES]])
    for p, _, _ in rows[CASES:]:
        p.repeat_of = p._repeat_root  # type: ignore[attr-defined]
        p.refresh_derived()
    Petition.objects.bulk_create([p for p, _, _ in rows[CASES:]])
    petitioners, events = [], []
    for p, people, steps in rows:
        for person in people:
            person.petition = p
            petitioners.append(person)
        for kind, day, note in steps:
            to_org = p.org if kind in (EventKind.REGISTERED, EventKind.ASSIGNED) else None
            events.append(
                PetitionEvent(
                    petition=p,
                    kind=kind,
                    on=day,
                    at=_at(day),
                    actor_name=_officer(p.county),
                    to_org=to_org,
                    note=note,
                )
            )
    Petitioner.objects.bulk_create(petitioners, batch_size=500)
    PetitionEvent.objects.bulk_create(events, batch_size=1000)
    return firsts


def _officer(county: Org | None) -> str:
    from gonghui.orgs.demo import COUNTIES

    return next((c.login for c in COUNTIES if county and c.short == county.short_name), "city")


CONTENT = {
    Matter.WAGES_OWED: "反映{employer}拖欠工资{months}个月，要求工会协调补发",
    Matter.SOCIAL_INSURANCE: "反映{employer}未依法缴纳社会保险",
    Matter.LABOUR_CONTRACT: "反映{employer}未签订书面劳动合同",
    Matter.DISMISSAL: "反映被{employer}违法解除劳动合同，要求支付经济补偿",
    Matter.WORK_INJURY: "反映在{employer}工作期间受伤，单位不予申报工伤",
    Matter.OTHER: "反映{employer}加班时间过长、休息休假得不到保障",
}


def _content(matter: str, persons: int, employer: str) -> str:
    text = CONTENT[Matter(matter)].format(employer=employer, months=3 if persons > 1 else 2)
    return (f"职工{persons}人集体" if persons >= 5 else "") + text


def _reception_days(ctx: DemoContext, counties: dict[str, Org]) -> list[LeaderReceptionDay]:
    days = []
    for short, county in counties.items():
        for month in range(1, 7):
            days.append(
                LeaderReceptionDay(
                    org=county,
                    leader_name=f"{short}县总工会主席",
                    leader_title="党组书记、主席",
                    held_on=date(2018, month, 15),
                    place=f"{county.name}职工服务中心接待室",
                )
            )
    return LeaderReceptionDay.objects.bulk_create(days)


# --- lawyers ---------------------------------------------------------------------------------


def _lawyers_and_shifts(
    ctx: DemoContext, rng: random.Random, counties: dict[str, Org], petitions: list[Petition]
) -> int:
    lawyers, centres = [], []
    demo_lawyer = ctx.user("lawyer")
    serial = 0
    for short, county in counties.items():
        centres.append(
            ServiceCentre(
                org=county,
                name=f"{short}职工服务中心",
                address=f"{county.name}工人文化宫一楼",
                windows=2,
            )
        )
        for _ in range(2):
            serial += 1
            lawyers.append(
                VolunteerLawyer(
                    org=county,
                    user=demo_lawyer if serial == 1 else None,
                    name="陈立新" if serial == 1 else _name(rng),
                    firm=rng.choice(FIRMS),
                    licence_number=f"1350420{rng.randint(2000, 2016)}1{serial:05d}"[:17],
                    specialties="、".join(rng.sample(SPECIALTIES, 2)),
                    phone=_phone(rng),
                    joined_on=date(2017, 3, 1),
                )
            )
    ServiceCentre.objects.bulk_create(centres)
    VolunteerLawyer.objects.bulk_create(lawyers)
    shifts = []
    for index, (short, _county) in enumerate(counties.items()):
        centre, pair = centres[index], lawyers[2 * index : 2 * index + 2]
        months = range(1, 5) if short in NO_SHIFT_COUNTIES else range(1, 7)
        for month in months:
            for slot, lawyer in enumerate(pair):
                day = date(2018, month, 8 + 14 * slot + rng.randint(0, 3))
                day += timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
                shifts.append(
                    LawyerShift(
                        lawyer=lawyer,
                        centre=centre,
                        window=slot + 1,
                        on=day,
                        starts_at=time(9, 0),
                        ends_at=time(12, 0),
                    )
                )
    LawyerShift.objects.bulk_create(shifts)
    empty = set(rng.sample(range(len(shifts)), 6))
    by_county = {p.county_id: p for p in petitions if p.persons == 1}
    consultations = []
    for index, shift in enumerate(shifts):
        if index in empty:
            continue
        for _ in range(rng.randint(1, 4)):
            referral = rng.choices(list(Referral), weights=(80, 10, 10))[0]
            petition = by_county.get(shift.centre.org_id) if referral == Referral.PETITION else None
            if referral == Referral.PETITION and petition is None:
                referral = Referral.NONE
            matter = rng.choice(list(Matter))
            consultations.append(
                Consultation(
                    shift=shift,
                    worker_name=_name(rng),
                    worker_phone=_phone(rng),
                    matter=matter,
                    question=CONTENT[matter].format(employer="所在单位", months=2),
                    advice="告知相关法律规定及维权途径，建议先与单位协商，协商不成可申请劳动仲裁",
                    referral=referral,
                    petition=petition,
                    recorded_at=_at(shift.on),
                    recorded_by=demo_lawyer if shift.lawyer.user_id else None,
                )
            )
    Consultation.objects.bulk_create(consultations)
    return len(shifts)


# --- supervision -----------------------------------------------------------------------------


def _committees(ctx: DemoContext, rng: random.Random, counties: dict[str, Org]) -> int:
    unions = {short: ctx.grassroots(org) for short, org in counties.items()}
    low = {s: max(1, len(unions[s]) // 10) for s in LOW_COMMITTEE_COUNTIES}
    rest = COMMITTEES_BY_MID_YEAR - sum(low.values())
    others = [s for s in counties if s not in low]
    pool = sum(len(unions[s]) for s in others)
    quota = {s: rest * len(unions[s]) // pool for s in others}
    for s in others[: rest - sum(quota.values())]:  # hand out the rounding remainder
        quota[s] += 1
    quota.update(low)
    assert sum(quota.values()) == COMMITTEES_BY_MID_YEAR
    rows, leftovers = [], []
    for short, org_list in unions.items():
        chosen = rng.sample(org_list, len(org_list))
        for union in chosen[: quota[short]]:
            earliest = max(union.established_on or date(2008, 1, 1), date(2008, 1, 1))
            span = (DEMO_AS_OF - earliest).days
            rows.append(_committee(rng, union, earliest + timedelta(days=rng.randint(0, span))))
        leftovers.extend(chosen[quota[short] :])
    for union in rng.sample(leftovers, COMMITTEES_LATER):
        rows.append(_committee(rng, union, date(2018, 7, 1) + timedelta(days=rng.randint(0, 180))))
    SupervisionCommittee.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _committee(rng: random.Random, union: Org, day: date) -> SupervisionCommittee:
    return SupervisionCommittee(
        union=union, set_up_on=day, chair=_name(rng), members_count=rng.randint(3, 9)
    )


def _letters(ctx: DemoContext, counties: dict[str, Org]) -> int:
    rng = ctx.rng("rights-letters")
    made = 0

    def issue(
        org: Org, kind: str, employer: Org, topic: str, issued: date, **extra: Any
    ) -> SupervisionLetter:
        nonlocal made
        made += 1
        return SupervisionLetter.objects.create(
            org=org,
            kind=kind,
            number=f"{org.short_name}工监〔2018〕{made}号",
            employer_org=employer,
            employer_name=employer.employer_name,
            employer_credit_code=employer.credit_code or "",
            topic=topic,
            content="经调查，该单位存在违反劳动法律法规的情形，请依法整改并书面回复",
            issued_on=issued,
            reply_due_on=issued + timedelta(days=15),
            **extra,
        )

    datian = counties["大田"]
    stubborn = ctx.grassroots(datian)[3]
    first = issue(
        datian,
        LetterKind.REMINDER_LETTER,
        stubborn,
        LetterTopic.PAY_AND_INSURANCE,
        date(2018, 1, 15),
        replied_on=date(2018, 1, 29),
        reply_text="单位称资金紧张，暂缓补缴",
        corrected=False,
    )
    second = issue(
        datian,
        LetterKind.OPINION,
        stubborn,
        LetterTopic.PAY_AND_INSURANCE,
        date(2018, 2, 20),
        follows=first,
        replied_on=date(2018, 3, 8),
        reply_text="未提出整改措施",
        corrected=False,
    )
    issue(
        datian,
        LetterKind.RECOMMENDATION,
        stubborn,
        LetterTopic.PAY_AND_INSURANCE,
        date(2018, 3, 26),
        follows=second,
        referred_on=date(2018, 5, 10),
        referral_note="用人单位经提示函、意见书仍拒不整改，提请检察机关依法监督",
    )
    topics = list(LetterTopic)
    for short, replied in (
        ("梅列", True),
        ("永安", True),
        ("沙县", True),
        ("尤溪", True),
        ("将乐", True),
        ("宁化", False),
    ):
        county = counties[short]
        employer = rng.choice(ctx.grassroots(county))
        issued = date(2018, rng.randint(1, 5), rng.randint(1, 28))
        extra: dict[str, Any] = {}
        if replied:
            extra = {
                "replied_on": issued + timedelta(days=rng.randint(5, 14)),
                "reply_text": "已按要求整改",
                "corrected": True,
            }
        issue(county, LetterKind.REMINDER_LETTER, employer, rng.choice(topics), issued, **extra)
    jianning = counties["建宁"]
    issue(
        jianning,
        LetterKind.REMINDER_LETTER,
        rng.choice(ctx.grassroots(jianning)),
        LetterTopic.WORKERS_CONGRESS,
        date(2018, 6, 20),
    )
    return made
