"""Named writes on petitions (信访件): each validates, writes, records history and audits.

Petition transitions take the `version` the user saw; a stale one is refused with
CONFLICT_MESSAGE, and the write itself is a conditional UPDATE on (pk, version), so two
concurrent edits never overwrite each other silently, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from gonghui.core import audit, creditcode, idnumbers
from gonghui.core.stored_files import files_or_nothing, remember
from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import require_change
from gonghui.rights import attachments, deadlines, repeats
from gonghui.rights.models import (
    EventKind,
    Petition,
    PetitionAttachment,
    Petitioner,
    PetitionEvent,
    State,
)

CONFLICT_MESSAGE = "该信访件已被他人修改，请刷新后再操作"


class ConflictError(ValidationError):
    """The petition changed since the user loaded it (stale `version`)."""

    def __init__(self) -> None:
        super().__init__(CONFLICT_MESSAGE, code="conflict")


@dataclass(frozen=True)
class PetitionerData:
    """A petitioner as entered on the form; the ID number is optional (calls, letters)."""

    name: str
    phone: str = ""
    id_number: str = ""


# --- helpers ---------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _check_day(on: date, after: date | None, what: str, after_what: str) -> None:
    if on > _today():
        raise ValidationError(f"{what}不能晚于今天")
    if after is not None and on < after:
        raise ValidationError(f"{what}（{on}）不能早于{after_what}（{after}）")


def _check_version(petition: Petition, version: int) -> None:
    """Refuse at once when the user's form was made from an older version of the petition."""
    if petition.version != version:
        raise ConflictError


def _require_state(petition: Petition, *states: str, doing: str) -> None:
    if petition.state not in states:
        raise ValidationError(f"该信访件当前为“{petition.get_state_display()}”，不能{doing}")


def county_of(org: Org) -> Org | None:
    """The county-level union at or above `org` (None for the city federation)."""
    if org.level == Level.COUNTY:
        return org
    ids = [int(p) for p in org.path.strip("/").split("/") if p]
    return Org.objects.filter(pk__in=ids, level=Level.COUNTY).first()


def _actor_name(actor: Any) -> str:
    return str(getattr(actor, "username", "") or "")[:150]


def _transition(
    petition: Petition,
    version: int,
    kind: str,
    changes: dict[str, Any],
    *,
    actor: Any,
    on: date,
    note: str = "",
    from_org: Org | None = None,
    to_org: Org | None = None,
    request: HttpRequest | None = None,
) -> Petition:
    """Apply `changes` if the row still has `version`, bump it, and keep the history."""
    if petition.version != version:
        raise ConflictError
    for field, value in changes.items():
        setattr(petition, field, value)
    petition.refresh_derived()
    derived = (
        "is_group",
        "accept_due_on",
        "answer_due_on",
        "final_answer_due_on",
        "received_month",
    )
    values = {**changes, **{f: getattr(petition, f) for f in derived}}
    with transaction.atomic():
        updated = Petition.objects.filter(pk=petition.pk, version=version).update(
            **values, version=version + 1
        )
        if updated != 1:
            raise ConflictError
        petition.version = version + 1
        PetitionEvent.objects.create(
            petition=petition,
            kind=kind,
            on=on,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=_actor_name(actor),
            from_org=from_org,
            to_org=to_org,
            note=note,
        )
        audit.record(
            f"rights.petition.{kind}",
            actor=actor,
            obj=petition,
            request=request,
            detail={"on": on.isoformat(), "version": petition.version},
        )
    return petition


# --- petitions -------------------------------------------------------------------------------


def find_repeat(
    *,
    received_on: date,
    matter: str,
    employer_org: Org | None,
    employer_credit_code: str,
    employer_name: str,
    id_indexes: list[str],
    exclude_pk: int | None = None,
) -> Petition | None:
    """The first petition this one repeats: the same petitioner (by blind index), or the same
    employer and matter, within the repeat window before it; None when it is a new case."""
    since = received_on - timedelta(days=deadlines.REPEAT_WINDOW_DAYS)
    window = Petition.objects.filter(received_on__gte=since, received_on__lte=received_on)
    if exclude_pk:
        window = window.exclude(pk=exclude_pk)
    same_employer = Q()
    if employer_org is not None:
        same_employer |= Q(employer_org=employer_org)
    if employer_credit_code:
        same_employer |= Q(employer_credit_code=employer_credit_code)
    # "（未填写）" and the like stand for an unknown employer: they link nothing.
    if employer_name and not employer_name.startswith(("（", "(")):
        same_employer |= Q(employer_name=employer_name)
    match = Q(matter=matter) & same_employer if same_employer else Q(pk__in=[])
    indexes = [i for i in id_indexes if i]
    if indexes:
        match |= Q(petitioners__id_number_index__in=indexes)
    first = window.filter(match).order_by("received_on", "pk").first()
    if first is None:
        return None
    return first.repeat_of if first.repeat_of_id else first


@transaction.atomic
def register_petition(
    *,
    actor: Any,
    org: Org,
    channel: str,
    received_on: date,
    persons: int,
    matter: str,
    content: str,
    petitioners: list[PetitionerData],
    employer_org: Org | None = None,
    employer_name: str = "",
    employer_credit_code: str = "",
    reception_day: Any = None,
    request: HttpRequest | None = None,
    from_portal: bool = False,
) -> Petition:
    """Register a petition (登记), link it to the case it repeats, and start its history.

    Staff need the right to change the org's records; a worker's own filing through the
    portal (`from_portal`, no actor) is the public intake and needs none."""
    if not from_portal:
        require_change(actor, org, "信访件")
    errors: dict[str, list[str]] = {}
    if received_on > _today():
        errors.setdefault("received_on", []).append("收到日期不能晚于今天")
    if persons < 1:
        errors.setdefault("persons", []).append("人数至少为1")
    people = [p for p in petitioners if p.name.strip()]
    if not people:
        errors.setdefault("petitioners", []).append("请至少填写一名信访人")
    elif len(people) > persons:
        errors.setdefault("persons", []).append(
            f"人数（{persons}）少于填写的信访人数（{len(people)}）"
        )
    code = ""
    if employer_credit_code.strip():
        try:
            code = creditcode.validate(employer_credit_code)
        except creditcode.CreditCodeError as exc:
            errors.setdefault("employer_credit_code", []).append(str(exc))
    if code and employer_org is None:
        employer_org = Org.objects.filter(credit_code=code).first()
    if not employer_name.strip() and employer_org is None:
        errors.setdefault("employer_name", []).append("请填写用人单位名称或选择本系统中的单位")
    if not content.strip():
        errors.setdefault("content", []).append("请填写反映内容")
    canonical_ids: list[str] = []
    for position, person in enumerate(people, start=1):
        if not person.id_number.strip():
            canonical_ids.append("")
            continue
        try:
            canonical_ids.append(idnumbers.validate(person.id_number))
        except idnumbers.IdNumberError as exc:
            errors.setdefault("petitioners", []).append(f"第{position}名信访人{person.name}：{exc}")
    if errors:
        raise ValidationError(errors)

    petition = Petition(
        org=org,
        county=county_of(org),
        channel=channel,
        received_on=received_on,
        persons=persons,
        matter=matter,
        content=content.strip(),
        employer_org=employer_org,
        employer_name=employer_name.strip()
        or (employer_org.employer_name or employer_org.name if employer_org else ""),
        employer_credit_code=code or (employer_org.credit_code or "" if employer_org else ""),
        reception_day=reception_day,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    rows = []
    for person, canonical in zip(people, canonical_ids, strict=True):
        row = Petitioner(name=person.name.strip(), phone=person.phone.strip())
        if canonical:
            row.set_id_number(canonical)
        rows.append(row)
    first = find_repeat(
        received_on=received_on,
        matter=matter,
        employer_org=petition.employer_org,
        employer_credit_code=petition.employer_credit_code,
        employer_name=petition.employer_name,
        id_indexes=[r.id_number_index for r in rows],
    )
    petition.repeat_of = first
    petition.save()
    for row in rows:
        row.petition = petition
    Petitioner.objects.bulk_create(rows)
    events = [
        PetitionEvent(
            petition=petition,
            kind=EventKind.REGISTERED,
            on=received_on,
            actor=petition.created_by,
            actor_name=_actor_name(actor),
            to_org=org,
        )
    ]
    if first is not None:
        events.append(
            PetitionEvent(
                petition=petition,
                kind=EventKind.LINKED,
                on=received_on,
                actor=petition.created_by,
                actor_name=_actor_name(actor),
                # The stored note never names another county's petition (the detail page
                # words it for each viewer, see rights.repeats): no county reads its number.
                note=repeats.ELSEWHERE_NOTE
                if first.county_id != petition.county_id
                else repeats.linked_note(first),
            )
        )
    PetitionEvent.objects.bulk_create(events)
    audit.record(
        "rights.petition.registered",
        actor=actor,
        obj=petition,
        request=request,
        detail={
            "channel": channel,
            "persons": persons,
            "petitioners": [r.id_number_masked or r.name for r in rows],
            "repeat_of": first.pk if first else None,
        },
    )
    return petition


def accept(
    petition: Petition,
    *,
    version: int,
    actor: Any,
    on: date,
    notice_on: date | None = None,
    request: HttpRequest | None = None,
) -> Petition:
    """Accept the petition (受理) and record when the petitioner was told."""
    require_change(actor, petition.org, "信访件")
    _check_version(petition, version)
    _require_state(petition, State.REGISTERED, doing="受理")
    _check_day(on, petition.received_on, "受理日期", "收到日期")
    notice_on = notice_on or on
    _check_day(notice_on, on, "告知日期", "受理日期")
    changes = {"state": State.ACCEPTED, "accepted_on": on, "notice_on": notice_on}
    return _transition(
        petition, version, EventKind.ACCEPTED, changes, actor=actor, on=on, request=request
    )


def decline(
    petition: Petition,
    *,
    version: int,
    actor: Any,
    on: date,
    reason: str,
    notice_on: date,
    request: HttpRequest | None = None,
) -> Petition:
    """Decline the petition (不予受理) with the reason and the date of the notice to the petitioner."""
    require_change(actor, petition.org, "信访件")
    _check_version(petition, version)
    _require_state(petition, State.REGISTERED, doing="决定不予受理")
    if not reason.strip():
        raise ValidationError("请填写不予受理的理由")
    _check_day(on, petition.received_on, "决定日期", "收到日期")
    _check_day(notice_on, on, "告知日期", "决定日期")
    changes = {
        "state": State.DECLINED,
        "declined_on": on,
        "decline_reason": reason.strip(),
        "notice_on": notice_on,
    }
    return _transition(
        petition,
        version,
        EventKind.DECLINED,
        changes,
        actor=actor,
        on=on,
        note=reason.strip(),
        request=request,
    )


def assign(
    petition: Petition,
    *,
    version: int,
    actor: Any,
    on: date,
    unit: Org,
    handler: str,
    request: HttpRequest | None = None,
) -> Petition:
    """Assign the petition to a unit and handler (交办); a second assignment is a reassignment."""
    require_change(actor, petition.org, "信访件")
    _check_version(petition, version)
    _require_state(petition, State.ACCEPTED, State.ASSIGNED, doing="交办")
    if not handler.strip():
        raise ValidationError("请填写承办人")
    assert petition.accepted_on is not None
    _check_day(on, petition.assigned_on or petition.accepted_on, "交办日期", "上次交办或受理日期")
    kind = EventKind.REASSIGNED if petition.state == State.ASSIGNED else EventKind.ASSIGNED
    changes = {
        "state": State.ASSIGNED,
        "assigned_unit": unit,
        "handler": handler.strip(),
        "assigned_on": on,
    }
    return _transition(
        petition,
        version,
        kind,
        changes,
        actor=actor,
        on=on,
        from_org=petition.assigned_unit if kind == EventKind.REASSIGNED else petition.org,
        to_org=unit,
        note=f"承办人：{handler.strip()}",
        request=request,
    )


def escalate(
    petition: Petition,
    *,
    version: int,
    actor: Any,
    on: date,
    note: str,
    request: HttpRequest | None = None,
) -> Petition:
    """Hand the petition to the union above (上报上级工会), which then handles it."""
    require_change(actor, petition.org, "信访件")
    _check_version(petition, version)
    if petition.state in (State.ANSWERED, State.CLOSED, State.FOLLOWED_UP, State.DECLINED):
        raise ValidationError(f"该信访件已{petition.get_state_display()}，不能上报")
    above = petition.org.parent
    if above is None:
        raise ValidationError(f"{petition.org.name}没有上级工会，不能上报")
    if not note.strip():
        raise ValidationError("请说明上报的原因")
    _check_day(on, petition.received_on, "上报日期", "收到日期")
    changes = {"org": above, "county": county_of(above)}
    return _transition(
        petition,
        version,
        EventKind.ESCALATED,
        changes,
        actor=actor,
        on=on,
        from_org=petition.org,
        to_org=above,
        note=note.strip(),
        request=request,
    )


def mark_handled(
    petition: Petition,
    *,
    version: int,
    actor: Any,
    on: date,
    note: str,
    request: HttpRequest | None = None,
) -> Petition:
    """Record that the unit has handled the matter (办理)."""
    require_change(actor, petition.org, "信访件")
    _check_version(petition, version)
    _require_state(petition, State.ASSIGNED, doing="登记办理情况")
    if not note.strip():
        raise ValidationError("请填写办理情况")
    _check_day(on, petition.assigned_on, "办理日期", "交办日期")
    changes = {"state": State.HANDLED, "handled_on": on, "handling_note": note.strip()}
    return _transition(
        petition, version, EventKind.HANDLED, changes, actor=actor, on=on, request=request
    )


def extend(
    petition: Petition,
    *,
    version: int,
    actor: Any,
    on: date,
    days: int,
    reason: str,
    request: HttpRequest | None = None,
) -> Petition:
    """Extend the answer deadline once, by at most 30 days, with a reason (延期)."""
    require_change(actor, petition.org, "信访件")
    _check_version(petition, version)
    _require_state(petition, State.ACCEPTED, State.ASSIGNED, State.HANDLED, doing="延期")
    try:
        deadlines.check_extension(days, reason, already_extended=petition.extended)
    except deadlines.ExtensionError as exc:
        raise ValidationError(str(exc)) from exc
    _check_day(on, petition.accepted_on, "延期日期", "受理日期")
    if petition.answer_due_on and on > petition.answer_due_on:
        raise ValidationError(f"答复期限（{petition.answer_due_on}）已过，不能再延期")
    changes = {"extension_days": days, "extension_reason": reason.strip(), "extended_on": on}
    return _transition(
        petition,
        version,
        EventKind.EXTENDED,
        changes,
        actor=actor,
        on=on,
        note=f"延期{days}天：{reason.strip()}",
        request=request,
    )


def answer(
    petition: Petition,
    *,
    version: int,
    actor: Any,
    on: date,
    text: str,
    request: HttpRequest | None = None,
) -> Petition:
    """Answer the petitioner (答复); answering an assigned petition records it handled that day."""
    require_change(actor, petition.org, "信访件")
    _check_version(petition, version)
    _require_state(petition, State.ASSIGNED, State.HANDLED, doing="答复")
    if not text.strip():
        raise ValidationError("请填写答复意见")
    _check_day(on, petition.handled_on or petition.assigned_on, "答复日期", "办理或交办日期")
    changes: dict[str, Any] = {
        "state": State.ANSWERED,
        "answered_on": on,
        "answer_text": text.strip(),
    }
    if petition.handled_on is None:
        changes["handled_on"] = on
    return _transition(
        petition, version, EventKind.ANSWERED, changes, actor=actor, on=on, request=request
    )


def close(
    petition: Petition,
    *,
    version: int,
    actor: Any,
    on: date,
    request: HttpRequest | None = None,
) -> Petition:
    """Close the case (办结)."""
    require_change(actor, petition.org, "信访件")
    _check_version(petition, version)
    _require_state(petition, State.ANSWERED, doing="办结")
    _check_day(on, petition.answered_on, "办结日期", "答复日期")
    changes = {"state": State.CLOSED, "closed_on": on}
    return _transition(
        petition, version, EventKind.CLOSED, changes, actor=actor, on=on, request=request
    )


def follow_up(
    petition: Petition,
    *,
    version: int,
    actor: Any,
    on: date,
    satisfaction: int,
    note: str = "",
    request: HttpRequest | None = None,
) -> Petition:
    """Record the follow-up call and the petitioner's satisfaction, 1 to 5 (回访)."""
    require_change(actor, petition.org, "信访件")
    _check_version(petition, version)
    _require_state(petition, State.CLOSED, doing="回访")
    if not 1 <= satisfaction <= 5:
        raise ValidationError("满意度应为1至5分")
    _check_day(on, petition.closed_on, "回访日期", "办结日期")
    changes = {
        "state": State.FOLLOWED_UP,
        "followed_up_on": on,
        "satisfaction": satisfaction,
        "follow_up_note": note.strip(),
    }
    return _transition(
        petition,
        version,
        EventKind.FOLLOWED_UP,
        changes,
        actor=actor,
        on=on,
        note=f"满意度{satisfaction}分",
        request=request,
    )


def attach_file(
    petition: Petition, *, actor: Any, upload: Any, request: HttpRequest | None = None
) -> PetitionAttachment:
    """Attach an uploaded file to a petition after checking its size and its content type.

    The file is checked before anything is written; the row, its audit entry and the stored
    file are one write (a rollback, here or in an enclosing `files_or_nothing()`, deletes it).
    """
    require_change(actor, petition.org, "信访件")
    original = str(getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    try:
        content_type = attachments.check(original, int(upload.size), upload)
    except attachments.AttachmentError as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    with files_or_nothing():
        attachment = PetitionAttachment(
            petition=petition,
            original_name=original[:200],
            content_type=content_type,
            size=int(upload.size),
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        attachment.file.save(original, upload, save=False)
        remember(attachment.file)
        attachment.save()
        audit.record(
            "rights.petition.attachment_added",
            actor=actor,
            obj=petition,
            request=request,
            detail={"attachment": attachment.pk, "name": attachment.original_name},
        )
    return attachment
