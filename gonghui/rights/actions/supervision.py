"""Named writes of labour-law supervision: committees and 一函两书."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from gonghui.core import audit, creditcode
from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import require_change
from gonghui.rights.models import (
    LetterKind,
    LetterTopic,
    SupervisionCommittee,
    SupervisionLetter,
)
from gonghui.rights.models.supervision import LETTER_ORDER


@transaction.atomic
def set_up_committee(
    *, actor: Any, union: Org, set_up_on: date, chair: str, members_count: int
) -> SupervisionCommittee:
    """Record a grassroots union's labour-law supervision committee (劳动法律监督委员会)."""
    require_change(actor, union, "劳动法律监督委员会")
    if union.level != Level.GRASSROOTS:
        raise ValidationError("劳动法律监督委员会只能设在基层工会")
    if SupervisionCommittee.objects.filter(union=union).exists():
        raise ValidationError(f"{union.name}已有劳动法律监督委员会")
    if members_count < 1 or not chair.strip():
        raise ValidationError("请填写主任和委员人数")
    committee = SupervisionCommittee.objects.create(
        union=union, set_up_on=set_up_on, chair=chair.strip(), members_count=members_count
    )
    audit.record("rights.committee.set_up", actor=actor, obj=committee, org=union)
    return committee


def _same_employer(letter: SupervisionLetter, name: str, code: str) -> bool:
    if code and letter.employer_credit_code:
        return code == letter.employer_credit_code
    return letter.employer_name == name.strip()


def previous_letter(
    *,
    org: Org,
    kind: str,
    topic: str,
    employer_name: str,
    employer_credit_code: str,
    before: date,
) -> SupervisionLetter | None:
    """The latest uncorrected letter of `kind` from `org` to the same employer on the topic."""
    same = Q(employer_name=employer_name.strip())
    if employer_credit_code:
        same |= Q(employer_credit_code=employer_credit_code)
    return (
        SupervisionLetter.objects.filter(
            same, org=org, kind=kind, topic=topic, issued_on__lt=before
        )
        .order_by("-issued_on", "-pk")
        .first()
    )


@transaction.atomic
def issue_letter(
    *,
    actor: Any,
    org: Org,
    kind: str,
    topic: str,
    issued_on: date,
    reply_due_on: date,
    employer_name: str,
    employer_credit_code: str = "",
    employer_org: Org | None = None,
    follows: SupervisionLetter | None = None,
    content: str = "",
    number: str = "",
) -> SupervisionLetter:
    """Issue one of 一函两书; an opinion or recommendation follows the previous document."""
    require_change(actor, org, "一函两书")
    code = ""
    if employer_credit_code.strip():
        try:
            code = creditcode.validate(employer_credit_code)
        except creditcode.CreditCodeError as exc:
            raise ValidationError({"employer_credit_code": str(exc)}) from exc
    if code and employer_org is None:
        employer_org = Org.objects.filter(credit_code=code).first()
    if not employer_name.strip():
        raise ValidationError({"employer_name": "请填写用人单位"})
    step = LETTER_ORDER.index(LetterKind(kind))
    if step > 0:
        label, before = LetterKind(kind).label, LETTER_ORDER[step - 1].label
        if follows is None:
            follows = previous_letter(
                org=org,
                kind=LETTER_ORDER[step - 1],
                topic=topic,
                employer_name=employer_name,
                employer_credit_code=code,
                before=issued_on,
            )
        if follows is None:
            topic_label = LetterTopic(topic).label
            raise ValidationError(
                f"{label}应在{before}之后发出：本会尚未就“{topic_label}”"
                f"向{employer_name.strip()}发出{before}"
            )
        if follows.topic != topic or not _same_employer(follows, employer_name, code):
            raise ValidationError(
                f"{label}应与前一{follows.get_kind_display()}的用人单位和监督事项一致"
            )
        if follows.kind != LETTER_ORDER[step - 1]:
            raise ValidationError(
                f"{LetterKind(kind).label}之前应是{LETTER_ORDER[step - 1].label}，"
                f"而不是{follows.get_kind_display()}"
            )
        if follows.corrected:
            raise ValidationError("用人单位已整改，无需再发文")
        if issued_on <= follows.issued_on:
            raise ValidationError("发出日期应晚于前一文书")
    if reply_due_on < issued_on:
        raise ValidationError("回复期限不能早于发出日期")
    letter = SupervisionLetter.objects.create(
        org=org,
        kind=kind,
        topic=topic,
        issued_on=issued_on,
        reply_due_on=reply_due_on,
        employer_name=employer_name.strip(),
        employer_credit_code=code,
        employer_org=employer_org,
        follows=follows,
        content=content,
        number=number,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record("rights.letter.issued", actor=actor, obj=letter, detail={"kind": kind})
    return letter


def _lock(letter: SupervisionLetter) -> None:
    """Lock the letter's row until the end of the transaction and read it as it is now."""
    list(SupervisionLetter.objects.select_for_update().filter(pk=letter.pk).values("pk"))
    letter.refresh_from_db()


@transaction.atomic
def record_reply(
    letter: SupervisionLetter, *, actor: Any, replied_on: date, text: str, corrected: bool
) -> SupervisionLetter:
    """Record the employer's reply and whether the problem was corrected."""
    require_change(actor, letter.org, "一函两书")
    # Re-read under a lock: two people recording the reply at once must not overwrite each other.
    _lock(letter)
    if letter.replied_on is not None:
        raise ValidationError(
            f"该文书已登记过回复（{letter.replied_on:%Y-%m-%d}），本次未保存。请刷新页面核对。"
        )
    if replied_on < letter.issued_on:
        raise ValidationError("回复日期不能早于发出日期")
    letter.replied_on, letter.reply_text, letter.corrected = replied_on, text.strip(), corrected
    letter.save(update_fields=["replied_on", "reply_text", "corrected"])
    audit.record("rights.letter.replied", actor=actor, obj=letter, detail={"corrected": corrected})
    return letter


@transaction.atomic
def refer_to_procuratorate(
    letter: SupervisionLetter, *, actor: Any, on: date, note: str
) -> SupervisionLetter:
    """Refer a non-cooperating employer to the procuratorate: the last step, county level or up."""
    require_change(actor, letter.org, "一函两书")
    _lock(letter)
    if letter.org.level not in (Level.COUNTY, Level.CITY):
        raise ValidationError("只有县级以上工会可以提请检察机关")
    if letter.kind != LetterKind.RECOMMENDATION:
        raise ValidationError("应先发出建议书，用人单位仍不整改的，才能提请检察机关")
    if letter.corrected:
        raise ValidationError("用人单位已整改，无需提请检察机关")
    if letter.referred_on is not None:
        raise ValidationError("已经提请过检察机关")
    if on < letter.issued_on:
        raise ValidationError("提请日期不能早于建议书发出日期")
    letter.referred_on, letter.referral_note = on, note.strip()
    letter.save(update_fields=["referred_on", "referral_note"])
    audit.record("rights.letter.referred", actor=actor, obj=letter)
    return letter
