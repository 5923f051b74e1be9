"""Petitions in the JSON API: list, read and register, through the same scoping and action."""
# Ninja reads these annotations at run time: no `from __future__ import annotations` here.

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from gonghui.api.types import ObjectId, Pagination
from gonghui.orgs.scoping import get_for_user_or_404, visible_orgs
from gonghui.rights import actions, repeats
from gonghui.rights.forms import handling_orgs
from gonghui.rights.models import Channel, Matter, Petition, Petitioner, State

router = Router(tags=["维权"])


class PetitionerOut(Schema):
    name: str
    id_number_masked: str = Field(description="身份证号（脱敏：前6位和后4位）")
    phone_masked: str


class PetitionOut(Schema):
    id: int
    number: str
    org_id: int
    county_id: int | None
    channel: Channel
    received_on: date
    persons: int
    is_group: bool
    employer_name: str
    employer_credit_code: str
    matter: Matter
    content: str
    state: State
    repeat_of_id: int | None = Field(description="重复件的首件（仅当本账户可查看该首件）")
    repeat_elsewhere: bool = Field(
        False, description="本件是别处已登记事项的重复件，首件不在本账户范围内（不显示编号）"
    )
    accept_due_on: date
    accepted_on: date | None
    answer_due_on: date | None
    answered_on: date | None
    closed_on: date | None
    petitioners: list[PetitionerOut]

    # A repeat across the county wall names no petition the account may not see.
    @staticmethod
    def resolve_repeat_of_id(obj: Petition, context: dict[str, Any]) -> int | None:
        first = repeats.visible_first(obj, context["request"].user)
        return first.pk if first is not None else None

    @staticmethod
    def resolve_repeat_elsewhere(obj: Petition, context: dict[str, Any]) -> bool:
        return (
            bool(obj.repeat_of_id) and repeats.visible_first(obj, context["request"].user) is None
        )


class PetitionFilters(Schema):
    received_from: date | None = Field(None, description="收到日期自")
    received_to: date | None = Field(None, description="收到日期至")
    channel: Channel | None = None
    state: State | None = None


class PetitionerIn(Schema):
    name: str = Field(..., max_length=60)
    phone: str = Field("", max_length=20)
    id_number: str = Field("", max_length=30)


class PetitionIn(Schema):
    org_id: ObjectId = Field(..., description="承办工会")
    channel: Channel
    received_on: date
    persons: int = Field(1, ge=1, le=100_000)
    matter: Matter
    content: str = Field(..., max_length=10_000)
    employer_name: str = Field("", max_length=120)
    employer_credit_code: str = Field("", max_length=30)
    petitioners: list[PetitionerIn] = Field(..., max_length=50)


def _petitions(request: HttpRequest) -> object:
    petitioners = Prefetch("petitioners", queryset=Petitioner.objects.order_by("pk"))
    return Petition.objects.for_user(request.user).prefetch_related(petitioners)  # type: ignore[attr-defined]


@router.get("/petitions/", response=list[PetitionOut], summary="信访件（脱敏）")
@paginate(Pagination)
def list_petitions(request: HttpRequest, filters: Query[PetitionFilters]) -> object:
    """The account's petitions, newest first, filtered by received date, channel and state."""
    petitions = _petitions(request)
    if filters.received_from:
        petitions = petitions.filter(received_on__gte=filters.received_from)  # type: ignore[attr-defined]
    if filters.received_to:
        petitions = petitions.filter(received_on__lte=filters.received_to)  # type: ignore[attr-defined]
    if filters.channel:
        petitions = petitions.filter(channel=filters.channel)  # type: ignore[attr-defined]
    if filters.state:
        petitions = petitions.filter(state=filters.state)  # type: ignore[attr-defined]
    return petitions.order_by("-received_on", "-pk")  # type: ignore[attr-defined]


@router.get("/petitions/{petition_id}", response=PetitionOut, summary="一件信访件（脱敏）")
def get_petition(request: HttpRequest, petition_id: ObjectId) -> Petition:
    """One petition; 404 outside the account's subtree."""
    return get_for_user_or_404(_petitions(request), request.user, pk=petition_id)  # type: ignore[arg-type]


@router.post("/petitions/", response={201: PetitionOut}, summary="登记信访件")
def create_petition(request: HttpRequest, payload: PetitionIn) -> Status[Petition]:
    """Register a petition through the same action as the page (repeats linked, audited)."""
    org = handling_orgs(request.user).filter(pk=payload.org_id).first()
    if org is None:
        if visible_orgs(request.user).filter(pk=payload.org_id).exists():
            raise ValidationError({"org_id": ["该工会不能承办信访件"]})
        raise ValidationError({"org_id": ["承办工会不存在，或不在本账户的权限范围内"]})
    petition = actions.register_petition(
        actor=request.user,
        org=org,
        channel=payload.channel,
        received_on=payload.received_on,
        persons=payload.persons,
        matter=payload.matter,
        content=payload.content,
        petitioners=[
            actions.PetitionerData(name=p.name, phone=p.phone, id_number=p.id_number)
            for p in payload.petitioners
        ],
        employer_name=payload.employer_name,
        employer_credit_code=payload.employer_credit_code,
        request=request,
    )
    created = get_for_user_or_404(_petitions(request), request.user, pk=petition.pk)  # type: ignore[arg-type]
    return Status(201, created)
