"""Figures of hardship assistance (困难职工帮扶), for any org subtree as of any date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.core import county_pass as county_figures
from gonghui.core import figure_cache
from gonghui.core.indicators import indicator
from gonghui.hardship.models import (
    ArchiveLevel,
    Assistance,
    CloseKind,
    EducationAidApplication,
    Household,
    MedicalAidClaim,
    MedicalAidEnrolment,
    MedicalAidPhase,
    WinterCampaign,
    WinterDelivery,
)
from gonghui.hardship.models.household import open_on_q
from gonghui.orgs.counties import county_scope_q
from gonghui.orgs.models import Org

LIST = "hardship:archive_list"
T = TypeVar("T")


def _year_start(as_of: date) -> date:
    return date(as_of.year, 1, 1)


def _shared(name: str, org: Org, as_of: date, compute: Callable[[], T]) -> T:
    """A computation several figures share, cached by the data version (one query per page)."""
    return figure_cache.cached(_key(name, org.pk, as_of), figure_cache.current("hardship"), compute)


def _key(name: str, org_id: int, as_of: date) -> str:
    return f"hardship.{name}:{org_id}:{as_of}"


def archive_counts(org: Org, as_of: date) -> dict[str, int]:
    """The archive figures in one pass over the subtree's households: open on the date (all,
    national), newly archived, lifted and removed this year to the date."""

    def compute() -> dict[str, int]:
        # Before the query: the values are at least as new.
        version = figure_cache.current("hardship")
        start = _year_start(as_of)
        this_year = {"closed_on__gte": start, "closed_on__lte": as_of}
        counts = {
            "total": Count("pk", filter=open_on_q(as_of)),
            "national": Count("pk", filter=open_on_q(as_of) & Q(level=ArchiveLevel.NATIONAL)),
            "new": Count("pk", filter=Q(archived_on__gte=start, archived_on__lte=as_of)),
            "lifted": Count("pk", filter=Q(close_kind=CloseKind.LIFTED, **this_year)),
            "removed": Count("pk", filter=Q(close_kind=CloseKind.REMOVED, **this_year)),
        }
        households = Household.objects.filter(county_scope_q(org)).filter(
            Q(archived_on__lte=as_of) | Q(closed_on__gte=start, closed_on__lte=as_of)
        )
        if not county_figures.applies(org):
            return households.aggregate(**counts)
        # The city: the same counts grouped by county, each county's kept for the comparison.
        rows = list(households.values("county_id").annotate(**counts).order_by())
        county_figures.keep(
            _key("archive.counties", org.pk, as_of),
            version,
            {row.pop("county_id"): row for row in rows},
            lambda: dict.fromkeys(counts, 0),
            county_figures.exact_counties(org),
        )
        return {name: sum(row[name] for row in rows) for name in counts}

    from_city = county_figures.kept(org, lambda city: _key("archive.counties", city, as_of))
    return from_city if from_city is not None else _shared("archive", org, as_of, compute)


def open_archive_counts(org: Org, as_of: date) -> dict[str, int]:
    """Open archives on the date: all, national (全国档) and local (地方档)."""
    totals = archive_counts(org, as_of)
    return {
        "total": totals["total"],
        "national": totals["national"],
        "local": totals["total"] - totals["national"],
    }


HOUSEHOLD_COLUMNS = (
    ("file_number", "档案编号"),
    ("head_name", "户主姓名"),
    ("head_id_masked", "户主身份证号"),
    ("county__name", "县（市、区）"),
    ("org__name", "所在工会"),
    ("level", "档案级别"),
    ("category", "困难类别"),
    ("archived_on", "建档日期"),
    ("closed_on", "出档日期"),
)


def _records_open(org: Org, as_of: date) -> QuerySet[Household]:
    return Household.objects.in_org(org).open_on(as_of)


def _records_national(org: Org, as_of: date) -> QuerySet[Household]:
    return _records_open(org, as_of).filter(level=ArchiveLevel.NATIONAL)


def _records_local(org: Org, as_of: date) -> QuerySet[Household]:
    return _records_open(org, as_of).exclude(level=ArchiveLevel.NATIONAL)


def _records_new(org: Org, as_of: date) -> QuerySet[Household]:
    return Household.objects.in_org(org).filter(
        archived_on__gte=_year_start(as_of), archived_on__lte=as_of
    )


def _records_closed(kind: str) -> Callable[[Org, date], QuerySet[Household]]:
    def records(org: Org, as_of: date) -> QuerySet[Household]:
        return Household.objects.in_org(org).filter(
            close_kind=kind, closed_on__gte=_year_start(as_of), closed_on__lte=as_of
        )

    return records


def _records_overdue(org: Org, as_of: date) -> QuerySet[Household]:
    return Household.objects.in_org(org).review_overdue_on(as_of)


HOUSEHOLDS = {"records_url": LIST, "columns": HOUSEHOLD_COLUMNS}


@indicator(
    "hardship.archived_households", "在档困难职工家庭", "户", records=_records_open, **HOUSEHOLDS
)
def archived_households(org: Org, as_of: date) -> int:
    return open_archive_counts(org, as_of)["total"]


@indicator(
    "hardship.archived_national",
    "在档困难职工家庭（全国档）",
    "户",
    records=_records_national,
    **HOUSEHOLDS,
)
def archived_national(org: Org, as_of: date) -> int:
    return open_archive_counts(org, as_of)["national"]


@indicator(
    "hardship.archived_local",
    "在档困难职工家庭（地方档）",
    "户",
    records=_records_local,
    **HOUSEHOLDS,
)
def archived_local(org: Org, as_of: date) -> int:
    return open_archive_counts(org, as_of)["local"]


@indicator("hardship.newly_archived", "本年新建档家庭", "户", records=_records_new, **HOUSEHOLDS)
def newly_archived(org: Org, as_of: date) -> int:
    return archive_counts(org, as_of)["new"]


@indicator(
    "hardship.lifted",
    "本年解困脱困家庭",
    "户",
    records=_records_closed(CloseKind.LIFTED),
    **HOUSEHOLDS,
)
def lifted(org: Org, as_of: date) -> int:
    return archive_counts(org, as_of)["lifted"]


@indicator(
    "hardship.removed",
    "本年退档家庭",
    "户",
    records=_records_closed(CloseKind.REMOVED),
    **HOUSEHOLDS,
)
def removed(org: Org, as_of: date) -> int:
    return archive_counts(org, as_of)["removed"]


@indicator(
    "hardship.reviews_overdue",
    "逾期未年审档案",
    "户",
    records_url="hardship:review_queue",
    records=_records_overdue,
    columns=(*HOUSEHOLD_COLUMNS, ("last_reviewed_on", "最近年审日期")),
)
def reviews_overdue(org: Org, as_of: date) -> int:
    """Open archives not reviewed in the year before the date (later reviews ignored)."""
    return sum(row["overdue"] for row in archives_by_county(org, as_of))


def _assistance(org: Org, as_of: date) -> dict[str, Decimal | int]:
    rows = assistance_breakdown(org, as_of)
    return {
        "amount": sum((r["amount"] for r in rows), Decimal(0)),  # type: ignore[misc]
        "count": sum(r["count"] for r in rows),  # type: ignore[misc]
    }


def _records_assistance(org: Org, as_of: date) -> QuerySet[Assistance]:
    return Assistance.objects.in_org(org).filter(
        given_on__gte=_year_start(as_of), given_on__lte=as_of
    )


ASSISTANCE_COLUMNS = (
    ("household__head_name", "户主姓名"),
    ("household__county__name", "县（市、区）"),
    ("kind", "帮扶类别"),
    ("programme", "所属项目"),
    ("funding_source", "资金来源"),
    ("amount", "金额（元）"),
    ("given_on", "帮扶日期"),
)


@indicator(
    "hardship.assistance_amount",
    "本年帮扶金额",
    "元",
    records=_records_assistance,
    columns=ASSISTANCE_COLUMNS,
    records_sum="amount",
)
def assistance_amount(org: Org, as_of: date) -> Decimal:
    return _assistance(org, as_of)["amount"]  # type: ignore[return-value]


@indicator(
    "hardship.assistance_count",
    "本年帮扶人次",
    "次",
    records=_records_assistance,
    columns=ASSISTANCE_COLUMNS,
)
def assistance_count(org: Org, as_of: date) -> int:
    return _assistance(org, as_of)["count"]  # type: ignore[return-value]


def _records_education(org: Org, as_of: date) -> QuerySet[EducationAidApplication]:
    return (
        EducationAidApplication.objects.in_org(org)
        .filter(year=as_of.year, applied_on__lte=as_of)
        .exclude(status=EducationAidApplication.Status.REJECTED)
    )


def _records_education_paid(org: Org, as_of: date) -> QuerySet[EducationAidApplication]:
    return EducationAidApplication.objects.in_org(org).filter(
        year=as_of.year, paid_on__isnull=False, paid_on__lte=as_of
    )


EDUCATION_COLUMNS = (
    ("child_name", "学生姓名"),
    ("child_id_masked", "学生身份证号"),
    ("org__name", "申报工会"),
    ("school", "录取学校"),
    ("level", "学段"),
    ("amount", "资助金额（元）"),
    ("status", "状态"),
    ("applied_on", "申请日期"),
    ("paid_on", "发放日期"),
)


@indicator(
    "hardship.education_aid_applications",
    "本年金秋助学申请",
    "人",
    records=_records_education,
    columns=EDUCATION_COLUMNS,
)
def education_aid_applications(org: Org, as_of: date) -> int:
    return (
        EducationAidApplication.objects.in_org(org)
        .filter(year=as_of.year, applied_on__lte=as_of)
        .exclude(status=EducationAidApplication.Status.REJECTED)
        .count()
    )


@indicator(
    "hardship.education_aid_paid",
    "本年金秋助学已发放金额",
    "元",
    records=_records_education_paid,
    columns=EDUCATION_COLUMNS,
    records_sum="amount",
)
def education_aid_paid(org: Org, as_of: date) -> Decimal:
    total = (
        EducationAidApplication.objects.in_org(org)
        .filter(year=as_of.year, paid_on__isnull=False, paid_on__lte=as_of)
        .aggregate(n=Sum("amount"))["n"]
    )
    return total or Decimal(0)


def _current_phase(as_of: date) -> MedicalAidPhase | None:
    return MedicalAidPhase.objects.filter(starts_on__lte=as_of).order_by("-starts_on").first()


def _records_enrolments(org: Org, as_of: date) -> QuerySet[MedicalAidEnrolment]:
    phase = _current_phase(as_of)
    if phase is None:
        return MedicalAidEnrolment.objects.none()
    return MedicalAidEnrolment.objects.in_org(org).filter(phase=phase, enrolled_on__lte=as_of)


def _records_claims(org: Org, as_of: date) -> QuerySet[MedicalAidClaim]:
    phase = _current_phase(as_of)
    if phase is None:
        return MedicalAidClaim.objects.none()
    return MedicalAidClaim.objects.in_org(org).filter(
        enrolment__phase=phase, paid_on__isnull=False, paid_on__lte=as_of
    )


@indicator(
    "hardship.medical_aid_members",
    "职工医疗互助参保人数（当期）",
    "人",
    records=_records_enrolments,
    columns=(
        ("org__name", "参保工会"),
        ("phase__name", "期次"),
        ("members", "参保人数"),
        ("premiums", "互助金（元）"),
        ("enrolled_on", "参保日期"),
    ),
    records_sum="members",
)
def medical_aid_members(org: Org, as_of: date) -> int:
    phase = _current_phase(as_of)
    if phase is None:
        return 0
    total = (
        MedicalAidEnrolment.objects.in_org(org)
        .filter(phase=phase, enrolled_on__lte=as_of)
        .aggregate(n=Sum("members"))["n"]
    )
    return int(total or 0)


@indicator(
    "hardship.medical_aid_payouts",
    "职工医疗互助补助金额（当期）",
    "元",
    records=_records_claims,
    columns=(
        ("claimant_name", "申请人"),
        ("enrolment__org__name", "参保工会"),
        ("hospital", "医院"),
        ("out_of_pocket", "个人自付（元）"),
        ("payout", "补助金额（元）"),
        ("claimed_on", "申请日期"),
        ("paid_on", "支付日期"),
    ),
    records_sum="payout",
)
def medical_aid_payouts(org: Org, as_of: date) -> Decimal:
    phase = _current_phase(as_of)
    if phase is None:
        return Decimal(0)
    total = (
        MedicalAidClaim.objects.in_org(org)
        .filter(enrolment__phase=phase, paid_on__isnull=False, paid_on__lte=as_of)
        .aggregate(n=Sum("payout"))["n"]
    )
    return total or Decimal(0)


def _last_campaign(as_of: date) -> WinterCampaign | None:
    return WinterCampaign.objects.filter(starts_on__lte=as_of).order_by("-starts_on").first()


def _records_winter(org: Org, as_of: date) -> QuerySet[WinterDelivery]:
    campaign = _last_campaign(as_of)
    if campaign is None:
        return WinterDelivery.objects.none()
    return WinterDelivery.objects.in_org(org).filter(
        campaign__year=campaign.year, delivered_on__isnull=False, delivered_on__lte=as_of
    )


WINTER_COLUMNS = (
    ("recipient_name", "慰问对象"),
    ("group", "对象类别"),
    ("org__name", "慰问单位"),
    ("campaign__name", "活动"),
    ("amount", "慰问金（元）"),
    ("goods", "慰问品"),
    ("delivered_on", "送达日期"),
)


@indicator(
    "hardship.winter_deliveries",
    "冬送温暖慰问（最近一次活动）",
    "户次",
    records=_records_winter,
    columns=WINTER_COLUMNS,
)
def winter_deliveries(org: Org, as_of: date) -> int:
    campaign = _last_campaign(as_of)
    if campaign is None:
        return 0
    return (
        WinterDelivery.objects.in_org(org)
        .filter(campaign__year=campaign.year, delivered_on__isnull=False, delivered_on__lte=as_of)
        .count()
    )


@indicator(
    "hardship.winter_amount",
    "冬送温暖慰问金（最近一次活动）",
    "元",
    records=_records_winter,
    columns=WINTER_COLUMNS,
    records_sum="amount",
)
def winter_amount(org: Org, as_of: date) -> Decimal:
    campaign = _last_campaign(as_of)
    if campaign is None:
        return Decimal(0)
    total = (
        WinterDelivery.objects.in_org(org)
        .filter(campaign__year=campaign.year, delivered_on__isnull=False, delivered_on__lte=as_of)
        .aggregate(n=Sum("amount"))["n"]
    )
    return total or Decimal(0)


def archives_by_county(org: Org, as_of: date) -> list[dict[str, object]]:
    """Open archives on the date per county and level (the figures behind the totals)."""

    def compute() -> list[dict[str, object]]:
        counts = {level: Count("pk", filter=Q(level=level)) for level in ArchiveLevel.values}
        # The stored county answers for the city and a county (an indexed id list): a path
        # prefix per county made each county's figures scan the whole archive.
        rows = (
            Household.objects.filter(county_scope_q(org))
            .open_on(as_of)
            .values("county_id", "county__name", "county__admin_code")
            .annotate(total=Count("pk"), **counts)
            .order_by("county__admin_code")
        )
        overdue = dict(
            Household.objects.filter(county_scope_q(org))
            .review_overdue_on(as_of)
            .values_list("county_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        result = []
        for row in rows:
            row["local"] = row["total"] - row[ArchiveLevel.NATIONAL]
            row["overdue"] = overdue.get(row["county_id"], 0)
            result.append(row)
        return result

    return _shared("by_county", org, as_of, compute)


def assistance_breakdown(org: Org, as_of: date) -> list[dict[str, object]]:
    """This year's assistance to date by kind and programme (amount and count)."""

    def compute() -> list[dict[str, object]]:
        # Before the query: the values are at least as new.
        version = figure_cache.current("hardship")
        if county_figures.applies(org):
            # The counties as a literal list: with the subquery PostgreSQL misjudged the join
            # (100 rows expected, 100,000 found) and read the assistance household by household.
            scope = Q(household__county_id__in=county_figures.county_ids(org))
        else:
            scope = county_scope_q(org, "household__org", "household__county")
        given = Assistance.objects.filter(scope).filter(
            given_on__gte=_year_start(as_of), given_on__lte=as_of
        )
        if not county_figures.applies(org):
            return list(
                given.values("kind", "programme")
                .annotate(amount=Sum("amount"), count=Count("pk"))
                .order_by("kind", "programme")
            )
        # The city: grouped by county too, each county's rows kept for the comparison.
        per_county: dict[int, list[dict[str, object]]] = {}
        total: dict[tuple[str, str], dict[str, object]] = {}
        for row in (
            given.values("household__county_id", "kind", "programme")
            .annotate(amount=Sum("amount"), count=Count("pk"))
            .order_by("kind", "programme")
        ):
            county = row.pop("household__county_id")
            per_county.setdefault(county, []).append(row)
            into = total.setdefault(
                (row["kind"], row["programme"]),
                {"kind": row["kind"], "programme": row["programme"], "amount": 0, "count": 0},
            )
            into["amount"] += row["amount"]  # type: ignore[operator]
            into["count"] += row["count"]  # type: ignore[operator]
        county_figures.keep(
            _key("assistance.counties", org.pk, as_of),
            version,
            per_county,
            list,
            county_figures.exact_counties(org),
        )
        return [total[k] for k in sorted(total)]

    from_city = county_figures.kept(org, lambda city: _key("assistance.counties", city, as_of))
    return from_city if from_city is not None else _shared("assistance", org, as_of, compute)
