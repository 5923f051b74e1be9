"""Figures of the organization work (组织建设): re-elections, front-line shares, dormant unions,
joint meetings with the government — for any org and date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import QuerySet

from gonghui.core.indicators import indicator
from gonghui.orgs.counties import counties_under
from gonghui.orgs.models import Org
from gonghui.unions import queries, rules
from gonghui.unions.models import Election, JointMeeting


def _records_terms(state: str) -> Callable[[Org, date], QuerySet[Election]]:
    def records(org: Org, as_of: date) -> QuerySet[Election]:
        current = queries.current_elections(as_of).filter(queries.reelections_in(org))
        return current.filter(queries.state_q(state, as_of))

    return records


def _records_done(org: Org, as_of: date) -> QuerySet[Election]:
    return queries.done_in_year(as_of).filter(queries.reelections_in(org))


def _records_compliant(org: Org, as_of: date) -> QuerySet[Org]:
    counties = counties_under(org, as_of)
    bodies = queries.latest_bodies(counties, as_of)
    ok = [c.pk for c in counties if queries.front_line_compliant(bodies.get(c.pk, {}))]
    return Org.objects.filter(pk__in=ok)


def _records_meetings_held(org: Org, as_of: date) -> QuerySet[JointMeeting]:
    return queries.joint_meetings(org, as_of.year).filter(held_on__lte=as_of)


def _records_meetings_prepared(org: Org, as_of: date) -> QuerySet[JointMeeting]:
    return queries.joint_meetings(org, as_of.year).filter(preparation_started_on__lte=as_of)


TERM_COLUMNS = (
    ("org__name", "工会"),
    ("kind", "类别"),
    ("elected_on", "选举日期"),
    ("term_years", "任期（年）"),
    ("due_on", "下次换届日期"),
)
MEETING_COLUMNS = (
    ("org__name", "工会"),
    ("year", "年度"),
    ("topics", "议题"),
    ("preparation_started_on", "开始筹备"),
    ("held_on", "召开日期"),
)
ORG_COLUMNS = (("name", "名称"), ("parent__name", "上级工会"), ("established_on", "成立日期"))


@indicator(
    "unions.reelections_due",
    "本年应换届工会数",
    "个",
    description="当前届期于截至日期至年底之间届满、尚未换届的工会",
    records_url="unions:reelections",
    records=_records_terms(rules.State.DUE),
    columns=TERM_COLUMNS,
)
def reelections_due(org: Org, as_of: date) -> int:
    current = queries.current_elections(as_of).filter(queries.reelections_in(org))
    return current.filter(queries.state_q(rules.State.DUE, as_of)).count()


@indicator(
    "unions.reelections_overdue",
    "逾期未换届工会数",
    "个",
    description="届期已满、截至日期仍未换届的工会",
    records_url="unions:reelections",
    records=_records_terms(rules.State.OVERDUE),
    columns=TERM_COLUMNS,
)
def reelections_overdue(org: Org, as_of: date) -> int:
    current = queries.current_elections(as_of).filter(queries.reelections_in(org))
    return current.filter(queries.state_q(rules.State.OVERDUE, as_of)).count()


@indicator(
    "unions.reelections_done",
    "本年已换届工会数",
    "个",
    description="本年1月1日至截至日期完成换届的工会（不含新建工会首次选举）",
    records_url="unions:reelections",
    records=_records_done,
    columns=TERM_COLUMNS,
)
def reelections_done(org: Org, as_of: date) -> int:
    return queries.done_in_year(as_of).filter(queries.reelections_in(org)).count()


@indicator(
    "unions.front_line_share_compliant_counties",
    "一线职工比例达到改革要求的县级工会数",
    "个",
    description="会员代表大会、委员会、常委会中一线职工比例均达到最低要求",
    records_url="unions:tracker",
    records=_records_compliant,
    columns=ORG_COLUMNS,
)
def front_line_share_compliant_counties(org: Org, as_of: date) -> int:
    counties = counties_under(org, as_of)
    bodies = queries.latest_bodies(counties, as_of)
    return sum(1 for c in counties if queries.front_line_compliant(bodies.get(c.pk, {})))


@indicator(
    "unions.dormant_unions",
    "需清理整顿的休眠工会数",
    "个",
    description="12个月内无经费收入、无活动、无有效届期的基层工会",
    records=queries.dormant_unions,
    columns=ORG_COLUMNS,
)
def dormant_unions(org: Org, as_of: date) -> int:
    return queries.dormant_unions(org, as_of).count()


@indicator(
    "unions.joint_meetings_held",
    "本年已召开政府联席会议数",
    "次",
    records_url="unions:joint_meetings",
    records=_records_meetings_held,
    columns=MEETING_COLUMNS,
)
def joint_meetings_held(org: Org, as_of: date) -> int:
    return queries.joint_meetings(org, as_of.year).filter(held_on__lte=as_of).count()


@indicator(
    "unions.joint_meetings_prepared",
    "本年已启动筹备的政府联席会议数",
    "次",
    records_url="unions:joint_meetings",
    records=_records_meetings_prepared,
    columns=MEETING_COLUMNS,
)
def joint_meetings_prepared(org: Org, as_of: date) -> int:
    meetings = queries.joint_meetings(org, as_of.year)
    return meetings.filter(preparation_started_on__lte=as_of).count()
