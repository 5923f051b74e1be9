"""Named writes of the worker portal: file a request, answer it; and the tracker's look-up."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from gonghui.core import audit, idnumbers
from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import require_change
from gonghui.portal.handoff import household_label
from gonghui.portal.models import (
    PortalRequest,
    RequestKind,
    RequestStatus,
    code_hash,
    new_code,
    verifier_hash,
)

PETITION_KINDS = {RequestKind.LEGAL_HELP, RequestKind.COMPLAINT}


@dataclass(frozen=True)
class Filed:
    """A filed request and its tracking code (shown to the worker once, never stored)."""

    request: PortalRequest
    code: str


def tracking_secret(id_number: str, phone: str) -> str:
    """The last 4 characters the tracker asks for: of the ID number, else of the phone."""
    return (id_number or "".join(c for c in phone if c.isdigit()))[-4:].upper()


def file_request(
    *,
    kind: str,
    org: Org,
    name: str,
    phone: str,
    content: str,
    consent: bool,
    employer: str = "",
    id_number: str = "",
    matter: str = "other",
    request: HttpRequest | None = None,
) -> Filed:
    """Record a worker's request in the county's queue; legal help and complaints become an
    online petition (网上信访) there at once."""
    errors: dict[str, list[str]] = {}
    if not consent:
        errors["consent"] = ["请先阅读并同意《个人信息处理告知》"]
    if org.level != Level.COUNTY or org.successor_id:
        errors["org"] = ["请选择所在的县（市、区）"]
    if not name.strip():
        errors["name"] = ["请填写姓名"]
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) < 7:
        errors["phone"] = ["请填写正确的联系电话"]
    if not content.strip():
        errors["content"] = ["请写明您的诉求"]
    canonical = ""
    if id_number.strip():
        try:
            canonical = idnumbers.validate(id_number)
        except idnumbers.IdNumberError as exc:
            errors["id_number"] = [str(exc)]
    elif RequestKind.needs_id_number(kind):
        errors["id_number"] = ["申请帮扶需要填写身份证号，以便入户调查和核对档案"]
    if kind == RequestKind.COMPLAINT and not employer.strip():
        errors["employer"] = ["投诉维权请填写工作单位"]
    if errors:
        raise ValidationError(errors)

    code = new_code()
    with transaction.atomic():
        filed = PortalRequest(
            code_hash=code_hash(code),
            verifier_hash=verifier_hash(code, tracking_secret(canonical, phone)),
            kind=kind,
            org=org,
            name=name.strip(),
            phone=phone.strip(),
            employer=employer.strip(),
            content=content.strip(),
            consent_at=timezone.now(),
        )
        if canonical:
            filed.set_id_number(canonical)
        if kind in PETITION_KINDS:
            filed.petition = _register_petition(filed, canonical, matter, request)
            filed.status = RequestStatus.IN_PROGRESS
        filed.save()
        audit.record("portal.request_filed", obj=filed, org=org, detail={"kind": kind})
    return Filed(filed, code)


def _register_petition(
    filed: PortalRequest, canonical_id: str, matter: str, request: HttpRequest | None
) -> Any:
    from gonghui.rights.actions import PetitionerData, register_petition
    from gonghui.rights.models import Channel

    return register_petition(
        actor=None,
        org=filed.org,
        channel=Channel.ONLINE,
        received_on=timezone.localdate(),
        persons=1,
        matter=matter,
        content=filed.content,
        petitioners=[PetitionerData(filed.name, filed.phone, canonical_id)],
        employer_name=filed.employer or "（未填写）",
        request=request,
        from_portal=True,
    )


def find_by_code(code: str, last4: str) -> PortalRequest | None:
    """The request whose code and check both match; None for any mismatch (the caller must not
    tell an unknown code from a wrong check)."""
    found = (
        PortalRequest.objects.select_related("petition", "org", "household")
        .filter(code_hash=code_hash(code))
        .first()
    )
    if found is None:
        verifier_hash(code, last4)  # the same work either way
        return None
    if not hmac.compare_digest(found.verifier_hash, verifier_hash(code, last4)):
        return None
    return found


@dataclass(frozen=True)
class PublicStatus:
    """What the worker may see: the status, the answer and its date; nothing else."""

    label: str
    answer: str
    answered_on: date | None


def public_status(filed: PortalRequest) -> PublicStatus:
    """The status the worker sees, taken from the petition when the request became one."""
    petition = filed.petition
    if petition is not None:
        from gonghui.rights.models import State

        if petition.state == State.DECLINED:
            return PublicStatus("不予受理", petition.decline_reason, petition.declined_on)
        if petition.answer_text and petition.state in {
            State.ANSWERED,
            State.CLOSED,
            State.FOLLOWED_UP,
        }:
            label = "已答复" if petition.state == State.ANSWERED else "已办结"
            return PublicStatus(label, petition.answer_text, petition.answered_on)
        return PublicStatus(f"正在办理（{petition.get_state_display()}）", "", None)
    answered_on = timezone.localdate(filed.answered_at) if filed.answered_at else None
    # Handed to a survey: the household's stage, never its content; once the county has
    # answered or closed the request, or the household left the archive, the answer speaks.
    label = household_label(filed)
    if label and filed.status not in {RequestStatus.ANSWERED, RequestStatus.CLOSED}:
        return PublicStatus(label, filed.answer, answered_on if filed.answer else None)
    return PublicStatus(filed.get_status_display(), filed.answer, answered_on)


def answer_request(
    filed: PortalRequest, *, actor: Any, answer: str, status: str, version: int
) -> PortalRequest:
    """Answer a request that is not a petition (aid applications); refuses a stale edit."""
    require_change(actor, filed.org, "职工诉求")
    if filed.petition_id:
        raise ValidationError("该诉求已转为信访件，请在信访件中答复")
    if not answer.strip():
        raise ValidationError({"answer": ["请填写答复内容"]})
    if status not in {RequestStatus.IN_PROGRESS, RequestStatus.ANSWERED, RequestStatus.CLOSED}:
        raise ValidationError({"status": ["状态不正确"]})
    updated = PortalRequest.objects.filter(pk=filed.pk, version=version).update(
        answer=answer.strip(),
        status=status,
        answered_at=timezone.now(),
        answered_by=actor,
        version=version + 1,
    )
    if not updated:
        raise ValidationError("该诉求已被他人修改，请刷新后再操作")
    filed.refresh_from_db()
    audit.record("portal.request_answered", actor=actor, obj=filed, detail={"status": status})
    return filed
