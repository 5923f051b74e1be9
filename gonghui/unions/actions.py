"""Named writes of the organization work: record an election, approve a postponement, record a
body's make-up, record a joint meeting's steps."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core import audit
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import require_change
from gonghui.unions import rules
from gonghui.unions.models import BodyComposition, Election, JointMeeting


def _check_approver(org: Org, approved_by: Org | None, approved_on: date | None) -> None:
    if approved_by is None or approved_on is None:
        raise ValidationError("提前或延期换届须经上一级工会批准，请填写批准单位和批准日期")
    if approved_by.pk != org.parent_id:
        raise ValidationError(f"应由上一级工会（{org.parent}）批准，而不是{approved_by}")


def record_election(
    org: Org,
    elected_on: date,
    term_years: int,
    *,
    actor: Any = None,
    approved_by: Org | None = None,
    approved_on: date | None = None,
    note: str = "",
) -> Election:
    """Record an election; an early or late one needs the approval of the union one level up."""
    require_change(actor, org, "换届选举")
    if term_years not in rules.TERM_YEARS:
        raise ValidationError("每届任期为3年或5年")
    with transaction.atomic():
        previous = (
            Election.objects.select_for_update()
            .filter(org=org, elected_on__lte=elected_on)
            .order_by("-elected_on")
            .first()
        )
        if previous is not None and previous.elected_on == elected_on:
            raise ValidationError(f"{org}在{elected_on}已有选举记录")
        kind = rules.election_kind(previous.due_on if previous else None, elected_on)
        if rules.needs_approval(kind):
            _check_approver(org, approved_by, approved_on)
        election = Election(
            org=org,
            elected_on=elected_on,
            term_years=term_years,
            kind=kind,
            approved_by=approved_by if rules.needs_approval(kind) else None,
            approved_on=approved_on if rules.needs_approval(kind) else None,
            note=note,
        )
        election.save()
        audit.record(
            "unions.election_recorded",
            actor=actor,
            obj=election,
            detail={"elected_on": elected_on, "term_years": term_years, "kind": kind},
        )
    return election


def approve_extension(
    election: Election, until: date, *, approved_by: Org, approved_on: date, actor: Any = None
) -> Election:
    """The union above approves postponing the next election to `until` (延期换届)."""
    require_change(actor, election.org, "换届选举")
    _check_approver(election.org, approved_by, approved_on)
    term_end = rules.term_end(election.elected_on, election.term_years)
    if until <= term_end:
        raise ValidationError(f"延期日期应晚于届满日期{term_end}")
    election.extended_to = until
    election.approved_by = approved_by
    election.approved_on = approved_on
    election.save()
    audit.record("unions.extension_approved", actor=actor, obj=election, detail={"until": until})
    return election


def record_body(
    org: Org, body: str, reported_on: date, members: int, front_line: int, *, actor: Any = None
) -> BodyComposition:
    """Record the make-up of a union's congress, committee or standing committee on a date."""
    require_change(actor, org, "委员会构成")
    if members <= 0:
        raise ValidationError("人数应大于0")
    if not 0 <= front_line <= members:
        raise ValidationError("一线职工人数不能超过总人数")
    row = BodyComposition.objects.create(
        org=org, body=body, reported_on=reported_on, members=members, front_line=front_line
    )
    audit.record(
        "unions.body_recorded",
        actor=actor,
        obj=row,
        detail={"body": body, "members": members, "front_line": front_line},
    )
    return row


def record_joint_meeting(
    org: Org, year: int, *, actor: Any = None, version: int | None = None, **steps: Any
) -> JointMeeting:
    """Create or update a union's joint meeting of the year (topics and the dates of its steps).

    With `version` (the one the editor saw), an edit made meanwhile by someone else is refused.
    """
    require_change(actor, org, "联席会议")
    allowed = {"topics", "preparation_started_on", "plan_reported_on", "held_on"}
    unknown = set(steps) - allowed
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        meeting, _ = JointMeeting.objects.select_for_update().get_or_create(org=org, year=year)
        if version is not None and meeting.version != version:
            raise ValidationError("该记录已被他人修改，请刷新页面后重新填写")
        for name, value in steps.items():
            setattr(meeting, name, value)
        dates = [meeting.preparation_started_on, meeting.plan_reported_on, meeting.held_on]
        known = [d for d in dates if d is not None]
        if known != sorted(known):
            raise ValidationError("开始筹备、上报计划、召开的日期应依次在后")
        if meeting.held_on and meeting.held_on.year > year + 1:
            raise ValidationError(f"{year}年度的联席会议不能在{meeting.held_on.year}年召开")
        meeting.version += 1
        meeting.save()
        audit.record(
            "unions.joint_meeting_recorded",
            actor=actor,
            obj=meeting,
            detail={k: str(v) for k, v in steps.items()},
        )
    return meeting


def set_up_women_committee(org: Org, set_up_on: date, chair: str, *, actor: Any = None) -> Any:
    """Record that a union set up its women workers' committee (女职工委员会)."""
    require_change(actor, org, "女职工委员会")
    from gonghui.unions.models import WomenCommittee

    if set_up_on > date.today():
        raise ValidationError("成立日期不能晚于今天")
    if not chair.strip():
        raise ValidationError("请填写女职工委员会主任")
    if WomenCommittee.objects.filter(org=org).exists():
        raise ValidationError(f"{org.name}已登记女职工委员会")
    row = WomenCommittee.objects.create(org=org, set_up_on=set_up_on, chair=chair.strip())
    audit.record("unions.women_committee_set_up", actor=actor, obj=row)
    return row
