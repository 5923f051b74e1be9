"""Indicators in the JSON API: every figure for an org and a date."""
# Ninja reads these annotations at run time: no `from __future__ import annotations` here.

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from gonghui.api.types import ObjectId
from gonghui.core import indicators
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import get_for_user_or_404

router = Router(tags=["指标"])


class IndicatorOut(Schema):
    name: str
    label: str
    unit: str
    value: float


class IndicatorsOut(Schema):
    org_id: int
    org_name: str
    as_of: date
    indicators: list[IndicatorOut]


@router.get("/", response=IndicatorsOut, summary="某工会截至某日的全部指标")
def list_indicators(
    request: HttpRequest, org: ObjectId, as_of: date | None = None, prefix: str = ""
) -> dict[str, object]:
    """Every registered figure computed from records for the org's subtree as of the date."""
    target = get_for_user_or_404(Org, request.user, pk=org)
    day = as_of or timezone.localdate()
    values = indicators.compute_all(target, day, prefix=prefix)
    return {
        "org_id": target.pk,
        "org_name": target.name,
        "as_of": day,
        "indicators": [v.as_json() for v in values],
    }
