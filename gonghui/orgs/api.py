"""Orgs in the JSON API: the tree the token's account may see."""
# Ninja reads these annotations at run time: no `from __future__ import annotations` here.

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from gonghui.api.types import ObjectId, Pagination
from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import get_for_user_or_404, visible_orgs

router = Router(tags=["组织"])


class OrgOut(Schema):
    id: int
    name: str
    short_name: str
    level: str = Field(description="city / county / township / grassroots")
    parent_id: int | None
    admin_code: str | None
    credit_code: str | None
    established_on: date | None
    dissolved_on: date | None
    successor_id: int | None
    succeeded_on: date | None


@router.get("/", response=list[OrgOut], summary="可见的工会组织")
@paginate(Pagination)
def list_orgs(
    request: HttpRequest, level: Level | None = None, parent: ObjectId | None = None
) -> object:
    """Orgs in the account's subtree, optionally one level or the children of one org."""
    orgs = visible_orgs(request.user).order_by("path")
    if level is not None:
        orgs = orgs.filter(level=level)
    if parent is not None:
        orgs = orgs.filter(parent_id=parent)
    return orgs


@router.get("/{org_id}", response=OrgOut, summary="一个工会组织")
def get_org(request: HttpRequest, org_id: ObjectId) -> Org:
    """One org; 404 outside the account's subtree."""
    return get_for_user_or_404(Org, request.user, pk=org_id)
