"""Figures of the rights module (维权指标), for any org subtree as of any date.

Petition figures cover the year to date of the as-of date (1 January to the date), as the
speech counts them; committees are cumulative (set up on or before the date).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Min, Q, QuerySet

from gonghui.core.indicators import indicator
from gonghui.orgs.models import Org
from gonghui.rights import county_figures
from gonghui.rights.models import LawyerShift, Petition, SupervisionCommittee, SupervisionLetter
from gonghui.rights.models.petitions import PetitionQuerySet


def year_start(as_of: date) -> date:
    return date(as_of.year, 1, 1)


def petitions_ytd(org: Org, as_of: date) -> PetitionQuerySet:
    """Petitions received in the org's subtree from 1 January to the date."""
    return Petition.objects.in_org(org).received_between(year_start(as_of), as_of)  # type: ignore[attr-defined]


def case_rows(petitions: PetitionQuerySet, start: date) -> PetitionQuerySet:
    """The petitions that stand for the cases (件) of `case_count`: every first petition, and for
    repeats whose first came before the period, the earliest repeat of each first petition."""
    repeats = (
        petitions.filter(repeat_of__isnull=False, first_received_on__lt=start)
        .order_by()
        .values("repeat_of")
        .annotate(first=Min("pk"))
        .values("first")
    )
    return petitions.filter(Q(repeat_of__isnull=True) | Q(pk__in=repeats))


def _records_cases(org: Org, as_of: date) -> PetitionQuerySet:
    return case_rows(petitions_ytd(org, as_of), year_start(as_of))


def _records_group_cases(org: Org, as_of: date) -> PetitionQuerySet:
    return case_rows(petitions_ytd(org, as_of).filter(is_group=True), year_start(as_of))


def _records_overdue(org: Org, as_of: date) -> PetitionQuerySet:
    return Petition.objects.in_org(org).overdue(as_of)  # type: ignore[attr-defined]


PETITION_COLUMNS = (
    ("received_on", "收到日期"),
    ("org__name", "承办工会"),
    ("channel", "渠道"),
    ("matter", "反映事项"),
    ("employer_name", "用人单位"),
    ("persons", "人数"),
    ("is_group", "群体访"),
    ("state", "状态"),
)
PETITIONS = {"records_url": "rights:petition_list", "columns": PETITION_COLUMNS}


@indicator("rights.petition_cases", "信访件数（本年）", "件", records=_records_cases, **PETITIONS)
def petition_cases(org: Org, as_of: date) -> int:
    return county_figures.petition_counts(org, as_of, petitions_ytd(org, as_of))["cases"]


@indicator(
    "rights.petition_persons",
    "信访人次（本年）",
    "人次",
    records=petitions_ytd,
    records_sum="persons",
    **PETITIONS,
)
def petition_persons(org: Org, as_of: date) -> int:
    return county_figures.petition_counts(org, as_of, petitions_ytd(org, as_of))["persons"]


@indicator(
    "rights.group_petitions", "群体访件数（本年）", "件", records=_records_group_cases, **PETITIONS
)
def group_petitions(org: Org, as_of: date) -> int:
    return petitions_ytd(org, as_of).filter(is_group=True).case_count(year_start(as_of))


@indicator(
    "rights.petitions_overdue", "超期未办信访件", "件", records=_records_overdue, **PETITIONS
)
def petitions_overdue(org: Org, as_of: date) -> int:
    return Petition.objects.in_org(org).overdue(as_of).count()  # type: ignore[attr-defined]


def on_time_counts(queryset: PetitionQuerySet, as_of: date) -> tuple[int, int]:
    """(answered by the date, of them on time): the deadline counts the extension once granted."""
    answered = queryset.filter(answered_on__isnull=False, answered_on__lte=as_of)
    in_time = Q(answered_on__lte=F("answer_due_on")) | Q(
        extended_on__lte=as_of, answered_on__lte=F("final_answer_due_on")
    )
    totals = answered.aggregate(n=Count("pk"), ok=Count("pk", filter=in_time))
    return int(totals["n"] or 0), int(totals["ok"] or 0)


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@indicator("rights.on_time_rate", "信访件按期答复率（本年）", "%")
def on_time_rate(org: Org, as_of: date) -> float:
    answered, ok = on_time_counts(petitions_ytd(org, as_of), as_of)
    return percent(ok, answered)


@indicator(
    "rights.supervision_committees",
    "建立劳动法律监督委员会的单位",
    "个",
    records_url="rights:committee_list",
    records=lambda org, as_of: SupervisionCommittee.objects.in_org(org).filter(
        set_up_on__lte=as_of
    ),
    columns=(
        ("union__name", "基层工会"),
        ("set_up_on", "成立日期"),
        ("chair", "主任"),
        ("members_count", "委员人数"),
    ),
)
def supervision_committees(org: Org, as_of: date) -> int:
    return county_figures.committee_count(org, as_of)


def letters_ytd(org: Org, as_of: date) -> QuerySet[SupervisionLetter]:
    return SupervisionLetter.objects.in_org(org).filter(
        issued_on__gte=year_start(as_of), issued_on__lte=as_of
    )


@indicator(
    "rights.letters_issued",
    "发出一函两书（本年）",
    "份",
    records_url="rights:letter_list",
    records=letters_ytd,
    columns=(
        ("number", "文号"),
        ("kind", "文书种类"),
        ("org__name", "发文工会"),
        ("employer_name", "用人单位"),
        ("topic", "监督事项"),
        ("issued_on", "发出日期"),
        ("replied_on", "回复日期"),
    ),
)
def letters_issued(org: Org, as_of: date) -> int:
    return letters_ytd(org, as_of).count()


@indicator("rights.letter_correction_rate", "一函两书整改回复率（本年）", "%")
def letter_correction_rate(org: Org, as_of: date) -> float:
    totals = letters_ytd(org, as_of).aggregate(
        n=Count("pk"), ok=Count("pk", filter=Q(corrected=True, replied_on__lte=as_of))
    )
    return percent(int(totals["ok"] or 0), int(totals["n"] or 0))


@indicator(
    "rights.lawyer_shifts",
    "律师驻点值班（本年）",
    "班次",
    records_url="rights:shift_rota",
    records=lambda org, as_of: LawyerShift.objects.in_org(org).filter(
        on__gte=year_start(as_of), on__lte=as_of
    ),
    columns=(
        ("on", "日期"),
        ("starts_at", "开始时间"),
        ("ends_at", "结束时间"),
        ("lawyer__name", "律师"),
        ("centre__name", "服务中心"),
        ("window", "窗口"),
    ),
)
def lawyer_shifts(org: Org, as_of: date) -> int:
    return LawyerShift.objects.in_org(org).filter(on__gte=year_start(as_of), on__lte=as_of).count()
