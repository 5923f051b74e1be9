"""Hardship archives in the JSON API (read-only): open archives as of a date, masked IDs."""
# Ninja reads these annotations at run time: no `from __future__ import annotations` here.

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from gonghui.api.types import ObjectId, Pagination
from gonghui.core import audit
from gonghui.hardship.actions import today
from gonghui.hardship.models import ArchiveLevel, Household
from gonghui.orgs.scoping import get_for_user_or_404

router = Router(tags=["困难职工帮扶"])


class HouseholdOut(Schema):
    id: int
    file_number: str
    county_id: int
    org_id: int
    head_name: str
    head_id_masked: str = Field(description="户主身份证号（脱敏：前6位和后4位）")
    member_count: int
    level: str = Field(description="national / provincial / city / county / grassroots")
    category: str = Field(description="deep / relative / accident / none")
    per_capita_income: float
    surveyed_on: date
    archived_on: date | None
    last_reviewed_on: date | None
    closed_on: date | None
    close_kind: str
    removal_reason: str


class AuditedHouseholdPages(Pagination):
    """Households are sensitive records: each page read is audited like a reveal (who, which
    households by id, when), never with an ID number."""

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page[self.items_attribute])
        page[self.items_attribute] = items
        audit.record(
            "hardship.households_viewed",
            request=request,
            detail={
                "via": "api",
                "count": len(items),
                "households": [h.pk for h in items],
                "query": {k: v for k, v in request.GET.items() if k != "token"},
            },
        )
        return page


@router.get("/households/", response=list[HouseholdOut], summary="截至某日在档的困难职工家庭")
@paginate(AuditedHouseholdPages)
def list_households(
    request: HttpRequest,
    as_of: date | None = None,
    county: ObjectId | None = None,
    level: ArchiveLevel | None = None,
) -> object:
    """Archives open on the date (default today) in the account's subtree."""
    households = Household.objects.for_user(request.user).open_on(as_of or today())
    if county is not None:
        households = households.filter(county_id=county)
    if level is not None:
        households = households.filter(level=level)
    return households.order_by("pk")


@router.get("/households/{household_id}", response=HouseholdOut, summary="一户困难职工家庭")
def get_household(request: HttpRequest, household_id: ObjectId) -> Household:
    """One household, any status; 404 outside the account's subtree; the read is audited."""
    household = get_for_user_or_404(Household, request.user, pk=household_id)
    audit.record(
        "hardship.household_viewed",
        request=request,
        obj=household,
        detail={"via": "api", "household": household.pk},
    )
    return household
