"""Named writes of the honours module: each validates, writes, audits and returns.

Refusals of who may act raise PermissionDenied (403); refusals of what is asked raise
ValidationError with a Chinese message saying what is wrong.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.core import audit
from gonghui.honors.models import (
    PROVINCIAL_AND_UP,
    Award,
    AwardKind,
    Competition,
    CompetitionKind,
    HonourLevel,
    ModelWorker,
    ModelWorkerVisit,
    Nomination,
    NominationStatus,
    Participant,
    PensionStatus,
)
from gonghui.honors.rules import Quota, front_line_minimum, quota
from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import may_change

ACCEPT = "accept"
RETURN = "return"

# The nomination state machine: (status, decision) → new status.
TRANSITIONS: dict[tuple[str, str], str] = {
    (NominationStatus.RECOMMENDED, ACCEPT): NominationStatus.ACCEPTED,
    (NominationStatus.RECOMMENDED, RETURN): NominationStatus.RETURNED,
    # An accepted nomination can still be returned before the round is sent (to meet the quota).
    (NominationStatus.ACCEPTED, RETURN): NominationStatus.RETURNED,
}
DECISION_LABELS = {ACCEPT: "审核通过", RETURN: "退回"}


def _at_level(user: Any, *levels: str) -> bool:
    return bool(user.is_superuser or (user.sees_subtree and user.org and user.org.level in levels))


def county_of(org: Org) -> Org | None:
    """The county-level union (县级工会) the org belongs to, or the org itself at that level."""
    ids = [int(part) for part in org.path.strip("/").split("/") if part]
    return Org.objects.filter(pk__in=ids, level=Level.COUNTY).first()


def city_of(org: Org) -> Org | None:
    """The city union (市总工会) above the org."""
    ids = [int(part) for part in org.path.strip("/").split("/") if part]
    return Org.objects.filter(pk__in=ids, level=Level.CITY).first()


def round_label(year: int, level_sought: str) -> str:
    """A round's Chinese name, e.g. "2018年省级劳模推荐"."""
    return f"{year}年{HonourLevel(level_sought).label}劳模推荐"


def _today(on: date | None) -> date:
    return on or timezone.localdate()


@transaction.atomic
def recommend(
    user: Any,
    *,
    org: Org,
    nominee: str,
    year: int,
    level_sought: str,
    front_line: bool,
    job: str = "",
    deeds: str = "",
    on: date | None = None,
) -> Nomination:
    """A county union recommends a worker of one of its unions for a title (县级推荐)."""
    if not _at_level(user, Level.CITY, Level.COUNTY):
        raise PermissionDenied("只有县级以上工会可以推荐劳模")
    if not may_change(user, org):
        raise PermissionDenied("推荐对象所在工会不在您的管辖范围内")
    nominee = (nominee or "").strip()
    if not nominee:
        raise ValidationError("请填写推荐对象姓名")
    if org.level != Level.GRASSROOTS:
        raise ValidationError(f"推荐对象所在单位应为基层工会，“{org.name}”不是基层工会")
    if level_sought not in PROVINCIAL_AND_UP:
        raise ValidationError("推荐级别应为省级或全国")
    if not 2000 <= int(year) <= 2100:
        raise ValidationError(f"推荐年度“{year}”不正确")
    county = county_of(org)
    if county is None:
        raise ValidationError(f"“{org.name}”不属于任何县级工会，无法确定推荐单位")
    label = round_label(year, level_sought)
    city = city_of(org)
    if city is not None and _round(city, year, level_sought).filter(status="sent").exists():
        raise ValidationError(f"{label}已报送，不能再推荐")
    duplicate = (
        Nomination.objects.filter(org=org, nominee=nominee, year=year, level_sought=level_sought)
        .exclude(status=NominationStatus.RETURNED)
        .exists()
    )
    if duplicate:
        raise ValidationError(f"{nominee}已在{label}中，不能重复推荐")
    nomination = Nomination.objects.create(
        nominee=nominee,
        job=job.strip(),
        org=org,
        recommended_by=county,
        year=year,
        level_sought=level_sought,
        front_line=front_line,
        deeds=deeds.strip(),
        recommended_on=_today(on),
    )
    audit.record(
        "honors.nomination_recommended",
        actor=user,
        obj=nomination,
        detail={"round": label, "nominee": nominee, "front_line": front_line},
    )
    return nomination


@transaction.atomic
def review(
    user: Any,
    nomination: Nomination,
    decision: str,
    *,
    version: int,
    note: str = "",
    on: date | None = None,
) -> Nomination:
    """The city union accepts or returns a recommendation (市总审核), guarded by its version."""
    if not _at_level(user, Level.CITY) or not may_change(user, nomination.org):
        raise PermissionDenied("只有市总工会可以审核劳模推荐")
    if decision not in DECISION_LABELS:
        raise ValidationError("审核结论应为“审核通过”或“退回”")
    note = (note or "").strip()
    if decision == RETURN and not note:
        raise ValidationError("退回须填写审核意见，说明退回原因")
    target = TRANSITIONS.get((nomination.status, decision))
    if target is None:
        status = NominationStatus(nomination.status).label
        raise ValidationError(
            f"{nomination.nominee}目前为“{status}”，不能{DECISION_LABELS[decision]}"
        )
    changed = Nomination.objects.filter(pk=nomination.pk, version=version).update(
        status=target,
        reviewed_on=_today(on),
        review_note=note[:200],
        version=F("version") + 1,
    )
    if not changed:
        raise ValidationError(
            f"{nomination.nominee}的推荐已被他人处理（内容已变化），请刷新页面后再审核"
        )
    nomination.refresh_from_db()
    audit.record(
        f"honors.nomination_{'accepted' if decision == ACCEPT else 'returned'}",
        actor=user,
        obj=nomination,
        detail={"note": note[:200]},
    )
    return nomination


def _round(org: Org, year: int, level_sought: str) -> Any:
    return Nomination.objects.in_org(org).filter(year=year, level_sought=level_sought)


def round_quota(org: Org, year: int, level_sought: str) -> Quota:
    """The front-line figure of the round's accepted (or sent) nominations in the org's subtree."""
    chosen = _round(org, year, level_sought).filter(
        status__in=[NominationStatus.ACCEPTED, NominationStatus.SENT]
    )
    total = chosen.count()
    front = chosen.filter(front_line=True).count()
    return quota(total, front, front_line_minimum(level_sought))


@transaction.atomic
def send_to_province(user: Any, year: int, level_sought: str, on: date | None = None) -> int:
    """The city sends a round's accepted nominations upward (报送省总) if the quota is met."""
    if not _at_level(user, Level.CITY) or user.org is None:
        raise PermissionDenied("只有市总工会可以报送劳模推荐")
    org = user.org
    label = round_label(year, level_sought)
    # Lock the round's rows, so that a review cannot slip in between the check and the send.
    rows = list(
        _round(org, year, level_sought).select_for_update().values_list("status", flat=True)
    )
    if NominationStatus.SENT in rows:
        raise ValidationError(f"{label}已报送，不能重复报送")
    pending = rows.count(NominationStatus.RECOMMENDED)
    if pending:
        raise ValidationError(f"{label}还有{pending}名推荐对象未审核，请审核后再报送")
    if NominationStatus.ACCEPTED not in rows:
        raise ValidationError(f"{label}没有审核通过的推荐对象，无需报送")
    figure = round_quota(org, year, level_sought)
    if not figure.met:
        raise ValidationError(figure.refusal(label))
    sent = _round(org, year, level_sought).filter(status=NominationStatus.ACCEPTED)
    count = sent.update(status=NominationStatus.SENT, sent_on=_today(on), version=F("version") + 1)
    audit.record(
        "honors.round_sent",
        actor=user,
        org=org,
        detail={"round": label, "sent": count, "front_line": figure.front_line},
    )
    return count


@transaction.atomic
def record_visit(
    user: Any,
    model_worker: ModelWorker,
    *,
    visited_on: date,
    visitor: str,
    note: str = "",
) -> ModelWorkerVisit:
    """Record a visit to a model worker (走访看望劳模)."""
    if not may_change(user, model_worker.org):
        raise PermissionDenied("该劳模不在您的管辖范围内")
    visitor = (visitor or "").strip()
    if not visitor:
        raise ValidationError("请填写走访人")
    if visited_on > timezone.localdate():
        raise ValidationError(f"走访日期{visited_on}晚于今天，请核对")
    visit = ModelWorkerVisit.objects.create(
        model_worker=model_worker,
        visited_on=visited_on,
        visitor=visitor[:120],
        note=(note or "").strip(),
        recorded_by=user if getattr(user, "pk", None) else None,
    )
    audit.record(
        "honors.visit_recorded",
        actor=user,
        obj=visit,
        org=model_worker.org,
        detail={"model_worker": model_worker.pk, "visited_on": visited_on.isoformat()},
    )
    return visit


@transaction.atomic
def update_benefits(
    user: Any,
    model_worker: ModelWorker,
    *,
    pension_status: str,
    monthly_allowance: Decimal,
    version: int,
) -> ModelWorker:
    """Change a model worker's benefits (补充养老保险, 荣誉津贴), guarded by the record's version."""
    if not may_change(user, model_worker.org):
        raise PermissionDenied("该劳模不在您的管辖范围内")
    if pension_status not in PensionStatus.values:
        raise ValidationError("补充养老保险状态应为未申请、已申请或已落实")
    if monthly_allowance < 0:
        raise ValidationError("每月荣誉津贴不能为负数")
    before = {
        "pension_status": model_worker.pension_status,
        "monthly_allowance": str(model_worker.monthly_allowance),
    }
    changed = ModelWorker.objects.filter(pk=model_worker.pk, version=version).update(
        pension_status=pension_status,
        monthly_allowance=monthly_allowance,
        version=F("version") + 1,
    )
    if not changed:
        raise ValidationError(f"{model_worker.name}的待遇信息已被他人修改，请刷新页面核对后再保存")
    model_worker.refresh_from_db()
    audit.record(
        "honors.benefits_changed",
        actor=user,
        obj=model_worker,
        detail={
            "before": before,
            "after": {
                "pension_status": pension_status,
                "monthly_allowance": str(monthly_allowance),
            },
        },
    )
    return model_worker


@transaction.atomic
def start_competition(
    user: Any,
    *,
    kind: str,
    title: str,
    starts_on: date,
    ends_on: date | None = None,
    description: str = "",
) -> Competition:
    """The user's union organises a labour competition (组织开展劳动竞赛)."""
    if not user.is_superuser and not (user.sees_subtree and user.org_id):
        raise PermissionDenied("只有工会工作人员可以组织劳动竞赛")
    if user.org is None:
        raise ValidationError("您的账户没有所属工会，无法作为主办单位")
    if kind not in CompetitionKind.values:
        raise ValidationError("竞赛类别应为重点项目劳动竞赛、技能竞赛或安康杯竞赛")
    title = (title or "").strip()
    if not title:
        raise ValidationError("请填写竞赛名称")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(f"结束日期{ends_on}早于开始日期{starts_on}")
    competition = Competition.objects.create(
        kind=kind,
        title=title[:160],
        org=user.org,
        starts_on=starts_on,
        ends_on=ends_on,
        description=(description or "").strip(),
    )
    audit.record("honors.competition_started", actor=user, obj=competition, detail={"title": title})
    return competition


def can_manage(user: Any, competition: Competition) -> bool:
    """True when the user works for the organiser (or above) and may change the competition."""
    return may_change(user, competition.org)


def _check_unit(user: Any, competition: Competition, org: Org) -> None:
    if not can_manage(user, competition):
        raise PermissionDenied("只有主办工会可以登记参赛单位和表彰")
    if not competition.org.contains(org):
        raise ValidationError(f"“{org.name}”不在主办单位“{competition.org.name}”的范围内")


@transaction.atomic
def register_participant(
    user: Any, competition: Competition, *, org: Org, team: str = "", joined_on: date
) -> Participant:
    """Register a unit and its team for a competition (报名参赛)."""
    _check_unit(user, competition, org)
    team = (team or "").strip()
    if competition.ends_on and joined_on > competition.ends_on:
        raise ValidationError(f"报名日期{joined_on}晚于竞赛结束日期{competition.ends_on}")
    if Participant.objects.filter(competition=competition, org=org, team=team).exists():
        raise ValidationError(f"“{org.name}”{team}已报名参加本竞赛")
    participant = Participant.objects.create(
        competition=competition, org=org, team=team[:120], joined_on=joined_on
    )
    audit.record(
        "honors.participant_registered",
        actor=user,
        obj=participant,
        detail={"competition": competition.pk, "team": team},
    )
    return participant


@transaction.atomic
def give_award(
    user: Any,
    competition: Competition,
    *,
    kind: str,
    name: str,
    title: str,
    org: Org,
    awarded_on: date,
) -> Award:
    """Give an award (优秀班组 or 先进个人) in a competition to one of its participants."""
    _check_unit(user, competition, org)
    if kind not in AwardKind.values:
        raise ValidationError("表彰类别应为优秀班组或先进个人")
    name, title = (name or "").strip(), (title or "").strip()
    if not name or not title:
        raise ValidationError("请填写获奖班组（个人）和荣誉名称")
    if awarded_on < competition.starts_on:
        raise ValidationError(f"表彰日期{awarded_on}早于竞赛开始日期{competition.starts_on}")
    if not Participant.objects.filter(competition=competition, org=org).exists():
        raise ValidationError(f"“{org.name}”没有登记参加本竞赛，不能在本竞赛中表彰")
    award = Award.objects.create(
        kind=kind,
        name=name[:120],
        title=title[:120],
        competition=competition,
        org=org,
        awarded_on=awarded_on,
    )
    audit.record(
        "honors.award_given",
        actor=user,
        obj=award,
        detail={"competition": competition.pk, "kind": kind, "name": name},
    )
    return award
