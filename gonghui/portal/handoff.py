"""Hand an aid application from the portal to the county's survey (转入户调查).

A worker's hardship or 金秋助学 application becomes a draft household (the worker as head,
incomes not yet surveyed) in the county's archive work; the caseworker completes the survey,
and the worker's tracker follows the household's state without seeing any of it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.crypto import decrypt
from gonghui.hardship.actions import MemberInput, SurveyInput, survey_household
from gonghui.hardship.models import Household, Person
from gonghui.portal.models import PortalRequest, RequestKind, RequestStatus

AID_KINDS = {RequestKind.HARDSHIP_AID, RequestKind.EDUCATION_AID}
HANDED_OFF = "已转入户调查（县总工会将联系您）"
ARCHIVED = "已建档"


class HandoffError(ValidationError):
    """The hand-off was refused; the message (Chinese) says why."""


def _refusals(filed: PortalRequest) -> list[str]:
    if filed.kind not in AID_KINDS:
        return ["只有困难职工帮扶申请和金秋助学申请可以转入户调查"]
    if filed.household_id:
        when = timezone.localtime(filed.handed_off_at) if filed.handed_off_at else None
        return [
            f"该申请已于{when:%Y-%m-%d %H:%M}转入户调查，不能重复转入"
            if when
            else "该申请已转入户调查，不能重复转入"
        ]
    if filed.status == RequestStatus.CLOSED:
        return ["该申请已办结，不能再转入户调查"]
    if not filed.id_number_cipher:
        return ["该申请没有身份证号，无法转入户调查，请联系职工补充后在调查摸底表中登记"]
    return []


def _open_archive_conflict(filed: PortalRequest) -> str | None:
    """Which open archive (one person, one open archive) or unfinished draft already holds the
    worker, if any."""
    other = (
        Person.objects.filter(archive_lock=filed.id_number_index)
        .select_related("household__county")
        .first()
    )
    if other is None:
        draft = (
            Person.objects.filter(
                id_number_index=filed.id_number_index,
                household__archived_on__isnull=True,
                household__category="",
            )
            .select_related("household__county")
            .first()
        )
        if draft is None:
            return None
        return (
            f"{filed.name}（身份证号{draft.id_number_masked}）已有待入户调查的家庭"
            f"（{draft.household.county.name}，{draft.household.surveyed_on:%Y-%m-%d}转入），"
            "请在该家庭中办理，不要重复转入"
        )
    advice = (
        "金秋助学请在该档案中办理"
        if filed.kind == RequestKind.EDUCATION_AID
        else "请在该档案中办理帮扶"
    )
    return (
        f"{filed.name}（身份证号{other.id_number_masked}）已在{other.household.county.name}"
        f"的困难职工档案中，同一人只能在一个档案中，不能转入户调查；{advice}"
    )


def hand_off_to_survey(
    user: Any, pk: int, *, version: int, request: HttpRequest | None = None
) -> Household:
    """Turn the aid application into a draft surveyed household in its county, link it, mark the
    request in progress and audit it; refused for other kinds, a second hand-off, a stale page
    or a worker already in an open archive. Returns the household."""
    with transaction.atomic():
        # The row lock makes two hand-offs at once wait for each other; the second then sees
        # the household the first linked and is refused.
        filed = (
            PortalRequest.objects.select_for_update(of=("self",)).select_related("org").get(pk=pk)
        )
        refusals = _refusals(filed)
        if refusals:
            raise HandoffError(refusals)
        if filed.version != version:
            raise HandoffError("该申请已被他人修改，请刷新页面，核对后再操作")
        conflict = _open_archive_conflict(filed)
        if conflict:
            raise HandoffError(conflict)
        household = survey_household(
            user,
            SurveyInput(
                org=filed.org,
                surveyed_on=timezone.localdate(),
                # The number is decrypted here, on the server, only to build the head's record.
                members=[MemberInput(name=filed.name, id_number=decrypt(filed.id_number_cipher))],
                employer=filed.employer,
                phone=filed.phone,
                draft=True,
            ),
            request=request,
        )
        updated = PortalRequest.objects.filter(
            pk=filed.pk, version=version, household__isnull=True
        ).update(
            household=household,
            handed_off_at=timezone.now(),
            status=RequestStatus.IN_PROGRESS,
            version=version + 1,
        )
        if not updated:  # cannot happen under the row lock; kept so a bug cannot double-link
            raise HandoffError("该申请已转入户调查，不能重复转入")
        filed.refresh_from_db()
        audit.record(
            "portal.request_handed_off",
            actor=user,
            obj=filed,
            org=filed.org,
            request=request,
            detail={"household": household.pk, "kind": filed.kind},
        )
    return household


def household_label(filed: PortalRequest) -> str | None:
    """The status a handed-off request shows the worker while the household is in the county's
    work: handed off, or archived; None when the request was not handed off or its household
    is closed (the county's answer is then what the worker sees)."""
    household = filed.household
    if household is None or household.closed_on:
        return None
    if household.archived_on:
        return ARCHIVED
    return HANDED_OFF
