"""Demo organization records as of mid-2018: every union's terms (county re-elections due
before 30 November, some done already; grassroots terms due, overdue and done across the
counties), the bodies of the county unions (8 of 12 meet the front-line share), activities,
and the joint meetings with the government (two counties did not hold theirs in 2017)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import pairwise

from gonghui.core.demo import DEMO_AS_OF, DemoContext
from gonghui.orgs.counties import county_id_of
from gonghui.orgs.models import Org
from gonghui.unions import rules
from gonghui.unions.models import (
    Activity,
    Body,
    BodyComposition,
    Election,
    ElectionKind,
    JointMeeting,
)

# County unions: their 2013 election, and their re-election in 2018 when done by mid-year.
COUNTY_TERMS: dict[str, tuple[date, date | None]] = {
    "梅列": (date(2013, 9, 26), None),
    "三元": (date(2013, 6, 20), date(2018, 5, 18)),
    "永安": (date(2013, 7, 10), date(2018, 6, 12)),
    "明溪": (date(2013, 11, 15), None),
    "清流": (date(2013, 10, 18), None),
    "宁化": (date(2013, 8, 22), None),
    "大田": (date(2013, 11, 28), None),
    "尤溪": (date(2013, 10, 9), None),
    "沙县": (date(2013, 9, 12), None),
    "将乐": (date(2013, 5, 30), date(2018, 4, 26)),
    "泰宁": (date(2013, 3, 20), None),  # the term ended in March: overdue at mid-year
    "建宁": (date(2013, 11, 8), None),
}
# Counties whose bodies fall short of the reform's front-line share (the speech counts 8 that meet it).
SHORT_OF_FRONT_LINE = {"明溪", "尤溪", "沙县", "泰宁"}
# Counties that did not hold their 2017 joint meeting with the government.
NO_JOINT_MEETING_2017 = {"明溪", "尤溪"}
TOPICS_2017 = {
    "宁化": "工会办公大楼资产置换；工人文化宫建设方案；困难职工解困脱困",
    "建宁": "工人文化宫建设用地；工会经费征缴；职工医疗互助",
    "大田": "工人文化宫资产过户；农民工维权",
}
DEFAULT_TOPICS = "工会经费征缴；困难职工帮扶；职工文化阵地建设"
ACTIVITIES = (
    "职工代表大会",
    "劳动竞赛",
    "职工文体活动",
    "困难职工走访",
    "安全生产培训",
    "女职工健康讲座",
)


def load(ctx: DemoContext) -> str:
    """Elections, bodies, activities and joint meetings for the demo's mid-2018."""
    rng = ctx.rng("unions")
    elections: list[Election] = []
    bodies: list[BodyComposition] = []
    activities: list[Activity] = []
    meetings: list[JointMeeting] = []
    city = ctx.city
    elections += [
        _election(city, date(2013, 5, 16), 5, ElectionKind.FIRST),
        # 市工会第十一次代表大会.
        _election(city, date(2018, 5, 10), 5, ElectionKind.REGULAR),
    ]
    for short, county in ctx.counties.items():
        first, again = COUNTY_TERMS[short]
        elections.append(_election(county, first, 5, ElectionKind.FIRST))
        if again:
            elections.append(_election(county, again, 5, ElectionKind.REGULAR))
        bodies += _bodies(county, again or first, short not in SHORT_OF_FRONT_LINE, rng)
        meetings += _meetings(county, short, rng)
        for union in ctx.grassroots(county):
            elections += _grassroots_terms(union, rng)
            if rng.random() < 0.7:
                activities.append(
                    Activity(
                        org=union,
                        held_on=DEMO_AS_OF - timedelta(days=rng.randint(5, 330)),
                        title=rng.choice(ACTIVITIES),
                    )
                )
    _link_terms(elections)
    Election.objects.bulk_create(elections, batch_size=5000)
    BodyComposition.objects.bulk_create(bodies)
    Activity.objects.bulk_create(activities, batch_size=5000)
    JointMeeting.objects.bulk_create(meetings)
    return (
        f"{len(elections)}次选举，{len(bodies)}条领导机构构成，{len(activities)}次活动，"
        f"{len(meetings)}次政府联席会议记录"
    )


def _link_terms(elections: list[Election]) -> None:
    """Set what Election.save would: each term ends at the union's next election."""
    by_org: dict[int, list[Election]] = {}
    for e in elections:
        by_org.setdefault(e.org_id, []).append(e)
    for terms in by_org.values():
        terms.sort(key=lambda e: e.elected_on)
        for earlier, later in pairwise(terms):
            earlier.superseded_on = later.elected_on


def _election(
    org: Org,
    elected_on: date,
    term_years: int,
    kind: str,
    approved_by: Org | None = None,
) -> Election:
    """An election with what save() would derive (bulk_create does not call save)."""
    return Election(
        org=org,
        county_id=county_id_of(org),
        elected_on=elected_on,
        term_years=term_years,
        kind=kind,
        approved_by=approved_by,
        approved_on=elected_on - timedelta(days=30) if approved_by else None,
        due_on=rules.term_end(elected_on, term_years),
    )


def _day_in(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _grassroots_terms(union: Org, rng: random.Random) -> list[Election]:
    """One union's elections, drawn so that the mid-2018 states are spread across counties."""
    term = 5 if rng.random() < 0.6 else 3
    draw = rng.random()
    if draw < 0.12:  # re-elected in the first half of 2018
        due = _day_in(rng, date(2018, 1, 10), date(2018, 6, 25))
    elif draw < 0.24:  # due later in 2018
        due = _day_in(rng, date(2018, 7, 1), date(2018, 12, 31))
    elif draw < 0.31:  # overdue: the term ended and nobody re-elected
        due = _day_in(rng, date(2016, 3, 1), date(2018, 6, 29))
    else:  # in the middle of its term
        due = _day_in(rng, date(2019, 1, 1), date(2018 + term, 6, 1))
    first = rules.add_years(due, -term)
    established = union.established_on or date(1990, 1, 1)
    if first < established:
        # A young union: its first committee was elected when it was founded.
        first = established + timedelta(days=rng.randint(10, 90))
        return [_election(union, first, term, ElectionKind.FIRST)]
    rows = [_election(union, first, term, ElectionKind.FIRST)]
    if draw < 0.12:
        again = min(due, DEMO_AS_OF) - timedelta(days=rng.randint(0, 40))
        if rng.random() < 0.05:  # early, approved by the union above
            again = again - timedelta(days=200)
            rows.append(_election(union, again, term, ElectionKind.EARLY, union.parent))
        else:
            rows.append(_election(union, again, term, ElectionKind.REGULAR))
    return rows


def _bodies(county: Org, on: date, compliant: bool, rng: random.Random) -> list[BodyComposition]:
    """The county union's congress, committee and standing committee after its last election."""
    sizes = {Body.CONGRESS: rng.randint(180, 260), Body.COMMITTEE: rng.randint(25, 35)}
    sizes[Body.STANDING] = rng.randint(7, 11)
    shares = {Body.CONGRESS: 0.46, Body.COMMITTEE: 0.26, Body.STANDING: 0.15}
    if not compliant:
        shares[Body.COMMITTEE] = 0.12
    return [
        BodyComposition(
            org=county,
            body=body,
            reported_on=on,
            members=size,
            front_line=round(size * shares[body]),
        )
        for body, size in sizes.items()
    ]


def _meetings(county: Org, short: str, rng: random.Random) -> list[JointMeeting]:
    """2017's joint meeting (held, except in two counties) and 2018's, not yet prepared."""
    held = short not in NO_JOINT_MEETING_2017
    prepared = date(2017, 9, rng.randint(4, 28))
    meeting_2017 = JointMeeting(
        org=county,
        year=2017,
        topics=TOPICS_2017.get(short, DEFAULT_TOPICS),
        preparation_started_on=prepared,
        plan_reported_on=prepared + timedelta(days=rng.randint(10, 30)) if held else None,
        held_on=date(2017, 12, rng.randint(1, 28)) if held else None,
    )
    meeting_2018 = JointMeeting(org=county, year=2018, topics="")
    return [meeting_2017, meeting_2018]
