"""Demo records of the programmes: the 2017 and 2018 金秋助学 rounds, the 2017–18 冬送温暖
campaign, and phases 8 and 9 of 职工医疗互助 with enrolments and claims."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from gonghui.core.demo import DEMO_AS_OF, DemoContext
from gonghui.hardship import medical_rules
from gonghui.hardship.models import (
    EducationAidApplication,
    EducationAidRound,
    Household,
    MedicalAidClaim,
    MedicalAidEnrolment,
    MedicalAidPhase,
    Person,
    WinterCampaign,
    WinterDelivery,
)
from gonghui.orgs.models import Headcount


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 0) + 1))


def _name(rng: random.Random) -> str:
    from gonghui.hardship.demo import _name as person_name

    return person_name(rng)


def load_programmes(
    ctx: DemoContext,
    rng: random.Random,
    households: list[Household],
    members: list[list[Person]],
) -> str:
    """Write the programmes' demo records; returns a one-line summary."""
    city = ctx.city
    # 金秋助学: the 2017 round paid; the 2018 round open, applications coming in.
    amounts = {"senior": "1000", "vocational": "1000", "college": "2000", "undergraduate": "3000"}
    rounds = {
        2017: EducationAidRound.objects.create(
            org=city,
            year=2017,
            name="2017年金秋助学",
            amounts=amounts,
            opens_on=date(2017, 6, 15),
            closes_on=date(2017, 9, 30),
        ),
        2018: EducationAidRound.objects.create(
            org=city,
            year=2018,
            name="2018年金秋助学",
            amounts=amounts,
            opens_on=date(2018, 6, 1),
            closes_on=date(2018, 9, 30),
        ),
    }
    applications = []
    for household, people in zip(households, members, strict=True):
        if not household.archived_on or household.archived_on > DEMO_AS_OF:
            continue
        for person in people:
            if person.school_level not in amounts:
                continue
            for year, round_ in rounds.items():
                if household.closed_on and household.closed_on.year < year:
                    continue
                if year == 2018 and rng.random() < 0.5:
                    continue
                applied = date(year, 6, rng.randrange(5, 28))
                paid = year == 2017
                applications.append(
                    EducationAidApplication(
                        round=round_,
                        year=year,
                        org=household.org,
                        household=household,
                        child=person,
                        child_name=person.name,
                        child_id_index=person.id_number_index,
                        child_id_masked=person.id_number_masked,
                        school=person.school,
                        level=person.school_level,
                        amount=round_.amount_for(person.school_level),
                        status="paid" if paid else "applied",
                        applied_on=applied,
                        approved_on=date(year, 8, 20) if paid else None,
                        paid_on=date(year, 9, 5) if paid else None,
                    )
                )
    EducationAidApplication.objects.bulk_create(applications, batch_size=1000)

    # 冬送温暖 2017–18: before the 2018 Spring Festival (16 February).
    campaign = WinterCampaign.objects.create(
        org=city,
        year=2018,
        name="2018年元旦春节“冬送温暖”活动",
        starts_on=date(2017, 12, 15),
        ends_on=date(2018, 2, 15),
    )
    deliveries = []
    for household in households:
        if (
            household.archived_on
            and household.archived_on <= date(2018, 1, 31)
            and (household.closed_on is None or household.closed_on > date(2018, 2, 15))
        ):
            deliveries.append(
                WinterDelivery(
                    campaign=campaign,
                    org=household.org,
                    household=household,
                    group=WinterDelivery.Group.ARCHIVED,
                    recipient_name=household.head_name,
                    amount=Decimal(rng.choice((500, 800, 1000))),
                    goods="米、油、棉被",
                    delivered_on=_day(rng, date(2018, 1, 10), date(2018, 2, 14)),
                )
            )
    for county in ctx.counties.values():
        for _ in range(rng.randrange(3, 8)):
            deliveries.append(
                WinterDelivery(
                    campaign=campaign,
                    org=county,
                    group=WinterDelivery.Group.MODEL_WORKER,
                    recipient_name=_name(rng),
                    amount=Decimal(1000),
                    goods="慰问品",
                    delivered_on=_day(rng, date(2018, 1, 10), date(2018, 2, 14)),
                )
            )
    WinterDelivery.objects.bulk_create(deliveries, batch_size=1000)

    # 职工医疗互助: phase 8 running until mid-year, phase 9 enrolling in June for July.
    phases = [
        MedicalAidPhase.objects.create(
            number=8,
            name="第八期职工医疗互助",
            starts_on=date(2017, 7, 1),
            ends_on=date(2018, 6, 30),
            premium_per_person=Decimal(120),
        ),
        MedicalAidPhase.objects.create(
            number=9,
            name="第九期职工医疗互助",
            starts_on=date(2018, 7, 1),
            ends_on=date(2019, 6, 30),
            premium_per_person=Decimal(120),
        ),
    ]
    sizes = dict(Headcount.objects.values_list("org_id", "members"))
    enrolments = []
    for phase in phases:
        for unions in (ctx.grassroots(c) for c in ctx.counties.values()):
            for union in rng.sample(unions, max(1, len(unions) // 8)):
                members_count = max(5, int(sizes.get(union.pk, 30) * rng.uniform(0.5, 1.0)))
                enrolments.append(
                    MedicalAidEnrolment(
                        phase=phase,
                        org=union,
                        members=members_count,
                        premiums=medical_rules.premiums(members_count, phase.premium_per_person),
                        enrolled_on=phase.starts_on - timedelta(days=rng.randrange(5, 40)),
                    )
                )
    MedicalAidEnrolment.objects.bulk_create(enrolments, batch_size=1000)
    claims = []
    for enrolment in enrolments:
        phase = next(p for p in phases if p.pk == enrolment.phase_id)
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            claimed = _day(
                rng, phase.starts_on + timedelta(days=20), min(phase.ends_on, date(2018, 12, 20))
            )
            cost = Decimal(rng.randrange(2000, 40000, 100))
            claims.append(
                MedicalAidClaim(
                    enrolment=enrolment,
                    claimant_name=_name(rng),
                    hospital=rng.choice(("三明市第一医院", "三明市第二医院", "县医院", "县中医院")),
                    out_of_pocket=cost,
                    payout=medical_rules.payout(cost),
                    claimed_on=claimed,
                    paid_on=claimed + timedelta(days=rng.randrange(10, 30)),
                )
            )
    MedicalAidClaim.objects.bulk_create(claims, batch_size=1000)
    return (
        f"金秋助学申请{len(applications)}份，冬送温暖慰问{len(deliveries)}户次，"
        f"医疗互助参保单位{len(enrolments)}个、理赔{len(claims)}笔"
    )
