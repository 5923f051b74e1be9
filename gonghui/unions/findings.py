"""Organization problems the speech names: re-elections due or overdue, county unions not
re-elected by the end of November, joint meetings not prepared by September or not held by
the year's end, dormant unions to clean up."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.urls import reverse

from gonghui.core.findings import Finding, Group
from gonghui.orgs.counties import counties_under, county_id_of
from gonghui.orgs.models import Org
from gonghui.unions import queries
from gonghui.unions.models import JointMeeting


def findings(org: Org, as_of: date) -> list[Finding]:
    """Every organization finding for the counties under the org as of the date."""
    counties = counties_under(org, as_of)
    found = _reelections(counties, as_of) + _joint_meetings(counties, as_of)
    found += _dormant(org, counties, as_of)
    return found


def _with_date(url_name: str, as_of: date, **params: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse(url_name)}?as_of={as_of.isoformat()}{'&' + query if query else ''}"


def _reelections(counties: list[Org], as_of: date) -> list[Finding]:
    rows = queries.reelection_table(counties, as_of)
    found = []
    overdue = [r for r in rows if r.overdue]
    if overdue:
        found.append(
            Finding(
                kind="unions.reelections_overdue",
                group=Group.PRESSURE,
                title=(
                    f"{len(overdue)}个县（市、区）有逾期未换届的工会，共{sum(r.overdue for r in overdue)}个："
                    + "、".join(f"{r.county.display_name}（{r.overdue}个）" for r in overdue)
                ),
                orgs=[r.county.name for r in overdue],
                url=_with_date("unions:reelections", as_of, state="overdue"),
            )
        )
    due = [r for r in rows if r.due]
    if due:
        found.append(
            Finding(
                kind="unions.reelections_due",
                group=Group.PRESSURE,
                title=(
                    f"{len(due)}个县（市、区）本年还有{sum(r.due for r in due)}个工会应换届："
                    + "、".join(f"{r.county.display_name}（{r.due}个）" for r in due)
                ),
                orgs=[r.county.name for r in due],
                url=_with_date("unions:reelections", as_of, state="due"),
            )
        )
    pending = [r for r in rows if r.own_pending_by_deadline]
    if pending:
        deadline = queries.county_deadline(as_of)
        found.append(
            Finding(
                kind="unions.county_reelection_pending",
                group=Group.PRESSURE,
                title=(
                    f"{len(pending)}个县级工会须于{deadline.month}月{deadline.day}日前完成换届，尚未换届："
                    + "、".join(r.county.display_name for r in pending)
                ),
                orgs=[r.county.name for r in pending],
                url=_with_date("unions:tracker", as_of),
            )
        )
    return found


def _joint_meetings(counties: list[Org], as_of: date) -> list[Finding]:
    meetings = {
        (m.org_id, m.year): m
        for m in JointMeeting.objects.filter(
            org__in=counties, year__in=[as_of.year - 1, as_of.year]
        )
    }
    found = []
    closed = [as_of.year - 1] + ([as_of.year] if as_of >= date(as_of.year, 12, 31) else [])
    for year in closed:
        missing = [
            c
            for c in counties
            if not _held_in_year(meetings.get((c.pk, year)), year)
            and (c.established_on is None or c.established_on <= date(year, 1, 1))
        ]
        if missing:
            found.append(
                Finding(
                    kind="unions.joint_meeting_not_held",
                    group=Group.PRESSURE,
                    title=f"{year}年未按时召开工会与政府联席会议："
                    + "、".join(c.display_name for c in missing),
                    orgs=[c.name for c in missing],
                    url=_with_date("unions:joint_meetings", as_of, year=year),
                )
            )
    if as_of > date(as_of.year, 9, 30):
        unprepared = [c for c in counties if not _prepared(meetings.get((c.pk, as_of.year)), as_of)]
        if unprepared:
            found.append(
                Finding(
                    kind="unions.joint_meeting_not_prepared",
                    group=Group.PRESSURE,
                    title=f"{as_of.year}年政府联席会议9月底前未启动筹备："
                    + "、".join(c.display_name for c in unprepared),
                    orgs=[c.name for c in unprepared],
                    url=_with_date("unions:joint_meetings", as_of, year=as_of.year),
                )
            )
    return found


def _held_in_year(meeting: JointMeeting | None, year: int) -> bool:
    return meeting is not None and meeting.held_on is not None and meeting.held_on.year <= year


def _prepared(meeting: JointMeeting | None, as_of: date) -> bool:
    started = meeting.preparation_started_on if meeting else None
    return started is not None and started <= as_of


def _dormant(org: Org, counties: list[Org], as_of: date) -> list[Finding]:
    paths = queries.dormant_unions(org, as_of).values_list("pk", "path", "level")
    per_county: Counter[int] = Counter()
    for pk, path, level in paths:
        county = county_id_of(Org(pk=pk, path=path, level=level))
        if county is not None:
            per_county[county] += 1
    named = [c for c in counties if per_county[c.pk]]
    if not named:
        return []
    return [
        Finding(
            kind="unions.dormant_unions",
            group=Group.PRESSURE,
            title=(
                f"{sum(per_county[c.pk] for c in named)}个基层工会12个月无经费、无活动、无有效届期，需清理整顿："
                + "、".join(f"{c.display_name}（{per_county[c.pk]}个）" for c in named)
            ),
            orgs=[c.name for c in named],
            url=_with_date("unions:reelections", as_of, state="overdue"),
        )
    ]
