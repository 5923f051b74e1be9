"""Figures of the organization work (组织建设): re-elections, front-line shares, dormant unions,
joint meetings with the government — for any org and date."""

from __future__ import annotations

from datetime import date

from gonghui.core.indicators import indicator
from gonghui.orgs.counties import counties_under
from gonghui.orgs.models import Org
from gonghui.unions import queries, rules


@indicator(
    "unions.reelections_due",
    "本年应换届工会数",
    "个",
    description="当前届期于截至日期至年底之间届满、尚未换届的工会",
    records_url="unions:reelections",
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
)
def reelections_done(org: Org, as_of: date) -> int:
    return queries.done_in_year(as_of).filter(queries.reelections_in(org)).count()


@indicator(
    "unions.front_line_share_compliant_counties",
    "一线职工比例达到改革要求的县级工会数",
    "个",
    description="会员代表大会、委员会、常委会中一线职工比例均达到最低要求",
    records_url="unions:tracker",
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
)
def dormant_unions(org: Org, as_of: date) -> int:
    return queries.dormant_unions(org, as_of).count()


@indicator(
    "unions.joint_meetings_held",
    "本年已召开政府联席会议数",
    "次",
    records_url="unions:joint_meetings",
)
def joint_meetings_held(org: Org, as_of: date) -> int:
    return queries.joint_meetings(org, as_of.year).filter(held_on__lte=as_of).count()


@indicator(
    "unions.joint_meetings_prepared",
    "本年已启动筹备的政府联席会议数",
    "次",
    records_url="unions:joint_meetings",
)
def joint_meetings_prepared(org: Org, as_of: date) -> int:
    meetings = queries.joint_meetings(org, as_of.year)
    return meetings.filter(preparation_started_on__lte=as_of).count()
