"""Records for the rights tests, made through the real actions where there is one."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from gonghui.conftest import staff_actor
from gonghui.orgs.models import Org, User
from gonghui.rights import actions
from gonghui.rights.models import (
    Channel,
    LawyerShift,
    LetterKind,
    LetterTopic,
    Matter,
    Petition,
    ServiceCentre,
    SupervisionLetter,
    VolunteerLawyer,
)

# Valid ID numbers (GB 11643) from DOMAIN.md and made with the checksum.
ID_A = "11010519491231002X"
ID_B = "440524188001010014"
CREDIT_CODE = "91350430MA2XN00017"


def petition(
    org: Org,
    *,
    received_on: date = date(2018, 3, 1),
    persons: int = 1,
    matter: str = Matter.WAGES_OWED,
    employer_name: str = "建宁某机械有限公司",
    id_number: str = "",
    channel: str = Channel.VISIT,
    **extra: Any,
) -> Petition:
    """A registered petition with one petitioner."""
    return actions.register_petition(
        actor=staff_actor(),
        org=org,
        channel=channel,
        received_on=received_on,
        persons=persons,
        matter=matter,
        content="反映拖欠工资",
        petitioners=[actions.PetitionerData(name="张三", phone="13912345678", id_number=id_number)],
        employer_name=employer_name,
        **extra,
    )


def answered(
    org: Org, received_on: date, accepted_on: date, answered_on: date, **kw: Any
) -> Petition:
    """A petition taken through to its answer on the given dates."""
    p = petition(org, received_on=received_on, **kw)
    p = actions.accept(p, version=p.version, actor=staff_actor(), on=accepted_on)
    p = actions.assign(
        p, version=p.version, actor=staff_actor(), on=accepted_on, unit=org, handler="李四"
    )
    p = actions.mark_handled(
        p, version=p.version, actor=staff_actor(), on=answered_on, note="已协调"
    )
    return actions.answer(p, version=p.version, actor=staff_actor(), on=answered_on, text="已答复")


def shift(
    org: Org, *, lawyer_user: User | None = None, on: date = date(2018, 6, 12)
) -> LawyerShift:
    """A shift at the org's service centre, by a lawyer (linked to `lawyer_user` if given)."""
    centre = ServiceCentre.objects.create(org=org, name=f"{org.name}职工服务中心", windows=2)
    lawyer = VolunteerLawyer.objects.create(
        org=org,
        user=lawyer_user,
        name="陈律师",
        firm="福建三明正义律师事务所",
        licence_number=f"13504{org.pk:04d}{LawyerShift.objects.count():08d}"[:17],
    )
    return actions.schedule_shift(
        actor=staff_actor(),
        lawyer=lawyer,
        centre=centre,
        on=on,
        starts_at=time(9),
        ends_at=time(12),
    )


def letter(org: Org, *, kind: str = LetterKind.REMINDER_LETTER, **extra: Any) -> SupervisionLetter:
    return actions.issue_letter(
        actor=staff_actor(),
        org=org,
        kind=kind,
        topic=LetterTopic.PAY_AND_INSURANCE,
        issued_on=extra.pop("issued_on", date(2018, 3, 1)),
        reply_due_on=extra.pop("reply_due_on", date(2018, 3, 16)),
        employer_name="建宁某机械有限公司",
        **extra,
    )
