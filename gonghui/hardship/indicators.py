"""Figures of hardship assistance (困难职工帮扶), for any org subtree as of any date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.db.models import Count, Q, Sum

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
from gonghui.orgs.models import Org

LIST = "hardship:archive_list"
T = TypeVar("T")


def _year_start(as_of: date) -> date:
    return date(as_of.year, 1, 1)


def _shared(name: str, org: Org, as_of: date, compute: Callable[[], T]) -> T:
    """A computation several figures share, cached by the data version (one query per page)."""
    return figure_cache.cached(f"hardship.{name}:{org.pk}:{as_of}", figure_cache.current(), compute)


def archive_counts(org: Org, as_of: date) -> dict[str, int]:
    """The archive figures in one pass over the subtree's households: open on the date (all,
    national), newly archived, lifted and removed this year to the date."""

    def compute() -> dict[str, int]:
        start = _year_start(as_of)
        this_year = {"closed_on__gte": start, "closed_on__lte": as_of}
        return (
            Household.objects.in_org(org)
            .filter(Q(archived_on__lte=as_of) | Q(closed_on__gte=start, closed_on__lte=as_of))
            .aggregate(
                total=Count("pk", filter=open_on_q(as_of)),
                national=Count("pk", filter=open_on_q(as_of) & Q(level=ArchiveLevel.NATIONAL)),
                new=Count("pk", filter=Q(archived_on__gte=start, archived_on__lte=as_of)),
                lifted=Count("pk", filter=Q(close_kind=CloseKind.LIFTED, **this_year)),
                removed=Count("pk", filter=Q(close_kind=CloseKind.REMOVED, **this_year)),
            )
        )

    return _shared("archive", org, as_of, compute)


def open_archive_counts(org: Org, as_of: date) -> dict[str, int]:
    """Open archives on the date: all, national (全国档) and local (地方档)."""
    totals = archive_counts(org, as_of)
    return {
        "total": totals["total"],
        "national": totals["national"],
        "local": totals["total"] - totals["national"],
    }


@indicator("hardship.archived_households", "在档困难职工家庭", "户", records_url=LIST)
def archived_households(org: Org, as_of: date) -> int:
    return open_archive_counts(org, as_of)["total"]


@indicator("hardship.archived_national", "在档困难职工家庭（全国档）", "户", records_url=LIST)
def archived_national(org: Org, as_of: date) -> int:
    return open_archive_counts(org, as_of)["national"]


@indicator("hardship.archived_local", "在档困难职工家庭（地方档）", "户", records_url=LIST)
def archived_local(org: Org, as_of: date) -> int:
    return open_archive_counts(org, as_of)["local"]


@indicator("hardship.newly_archived", "本年新建档家庭", "户", records_url=LIST)
def newly_archived(org: Org, as_of: date) -> int:
    return archive_counts(org, as_of)["new"]


@indicator("hardship.lifted", "本年解困脱困家庭", "户", records_url=LIST)
def lifted(org: Org, as_of: date) -> int:
    return archive_counts(org, as_of)["lifted"]


@indicator("hardship.removed", "本年退档家庭", "户", records_url=LIST)
def removed(org: Org, as_of: date) -> int:
    return archive_counts(org, as_of)["removed"]


@indicator("hardship.reviews_overdue", "逾期未年审档案", "户", records_url="hardship:review_queue")
def reviews_overdue(org: Org, as_of: date) -> int:
    """Open archives not reviewed in the year before the date (later reviews ignored)."""
    return sum(row["overdue"] for row in archives_by_county(org, as_of))


def _assistance(org: Org, as_of: date) -> dict[str, Decimal | int]:
    rows = assistance_breakdown(org, as_of)
    return {
        "amount": sum((r["amount"] for r in rows), Decimal(0)),  # type: ignore[misc]
        "count": sum(r["count"] for r in rows),  # type: ignore[misc]
    }


@indicator("hardship.assistance_amount", "本年帮扶金额", "元")
def assistance_amount(org: Org, as_of: date) -> Decimal:
    return _assistance(org, as_of)["amount"]  # type: ignore[return-value]


@indicator("hardship.assistance_count", "本年帮扶人次", "次")
def assistance_count(org: Org, as_of: date) -> int:
    return _assistance(org, as_of)["count"]  # type: ignore[return-value]


@indicator("hardship.education_aid_applications", "本年金秋助学申请", "人")
def education_aid_applications(org: Org, as_of: date) -> int:
    return (
        EducationAidApplication.objects.in_org(org)
        .filter(year=as_of.year, applied_on__lte=as_of)
        .exclude(status=EducationAidApplication.Status.REJECTED)
        .count()
    )


@indicator("hardship.education_aid_paid", "本年金秋助学已发放金额", "元")
def education_aid_paid(org: Org, as_of: date) -> Decimal:
    total = (
        EducationAidApplication.objects.in_org(org)
        .filter(year=as_of.year, paid_on__isnull=False, paid_on__lte=as_of)
        .aggregate(n=Sum("amount"))["n"]
    )
    return total or Decimal(0)


def _current_phase(as_of: date) -> MedicalAidPhase | None:
    return MedicalAidPhase.objects.filter(starts_on__lte=as_of).order_by("-starts_on").first()


@indicator("hardship.medical_aid_members", "职工医疗互助参保人数（当期）", "人")
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


@indicator("hardship.medical_aid_payouts", "职工医疗互助补助金额（当期）", "元")
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


@indicator("hardship.winter_deliveries", "冬送温暖慰问（最近一次活动）", "户次")
def winter_deliveries(org: Org, as_of: date) -> int:
    campaign = _last_campaign(as_of)
    if campaign is None:
        return 0
    return (
        WinterDelivery.objects.in_org(org)
        .filter(campaign__year=campaign.year, delivered_on__isnull=False, delivered_on__lte=as_of)
        .count()
    )


@indicator("hardship.winter_amount", "冬送温暖慰问金（最近一次活动）", "元")
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
        rows = (
            Household.objects.in_org(org)
            .open_on(as_of)
            .values("county_id", "county__name", "county__admin_code")
            .annotate(total=Count("pk"), **counts)
            .order_by("county__admin_code")
        )
        overdue = dict(
            Household.objects.in_org(org)
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
        return list(
            Assistance.objects.in_org(org)
            .filter(given_on__gte=_year_start(as_of), given_on__lte=as_of)
            .values("kind", "programme")
            .annotate(amount=Sum("amount"), count=Count("pk"))
            .order_by("kind", "programme")
        )

    return _shared("assistance", org, as_of, compute)
