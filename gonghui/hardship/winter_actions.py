"""Writes of the winter-warmth campaign (冬送温暖): list a target, record the delivery.

A target (送温暖对象) is an archived household of the user's subtree, or a named model worker
(困难劳模), front-line worker (一线职工) or migrant worker (农民工) with the union that visits
them. Each target is delivered to once: a household is listed at most once per campaign (a
database constraint too), and a delivery already recorded is never recorded again.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from gonghui.core import audit
from gonghui.hardship.actions import ActionError, ConflictError, today
from gonghui.hardship.models import Household, WinterCampaign, WinterDelivery
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import may_change

Group = WinterDelivery.Group


def may_list_in(user: Any, campaign: WinterCampaign, org: Org) -> bool:
    """Staff list targets of their own subtree, inside the campaign's org."""
    return campaign.org.contains(org) and may_change(user, org)


def _require(user: Any, campaign: WinterCampaign, org: Org) -> None:
    if not campaign.org.contains(org):
        raise ActionError(f"{org.name}不在{campaign.org.name}的{campaign.name}范围内")
    if not may_change(user, org):
        raise ActionError(f"您无权办理“{org.name}”的冬送温暖慰问")


def _listed(campaign: WinterCampaign, household: Household) -> str:
    other = WinterDelivery.objects.filter(campaign=campaign, household=household).first()
    if other is None:
        return ""
    done = f"，已于{other.delivered_on}送达" if other.delivered_on else ""
    return f"{household}已列入{campaign.name}的慰问名单{done}，同一户一次活动只慰问一次"


@transaction.atomic
def add_household_target(
    user: Any, campaign: WinterCampaign, household: Household
) -> WinterDelivery:
    """List an archived household (建档困难职工) as a target of the campaign."""
    _require(user, campaign, household.org)
    errors = []
    if not household.archived_on or household.archived_on > campaign.ends_on:
        errors.append(f"{household}在活动结束前未建档，不能列为建档困难职工慰问对象")
    elif household.closed_on and household.closed_on < campaign.starts_on:
        errors.append(f"{household}已于{household.closed_on}出档，不在本次活动的慰问范围")
    listed = _listed(campaign, household)
    if listed:
        errors.append(listed)
    if errors:
        raise ActionError({"household": errors})
    try:
        with transaction.atomic():
            target = WinterDelivery.objects.create(
                campaign=campaign,
                org=household.org,
                household=household,
                group=Group.ARCHIVED,
                recipient_name=household.head_name,
                amount=Decimal(0),
            )
    except IntegrityError:  # listed by someone else in the meantime
        raise ActionError({"household": [_listed(campaign, household)]}) from None
    audit.record(
        "hardship.winter_target_added",
        actor=user,
        obj=target,
        detail={"campaign": campaign.pk, "household": household.pk},
    )
    return target


@transaction.atomic
def add_named_target(
    user: Any, campaign: WinterCampaign, *, group: str, recipient_name: str, org: Org
) -> WinterDelivery:
    """List a named model worker, front-line or migrant worker, visited by `org`."""
    _require(user, campaign, org)
    errors: dict[str, list[str]] = {}
    name = recipient_name.strip()
    if group not in Group.values or group == Group.ARCHIVED:
        errors["group"] = [
            "请选择对象类别（困难劳模、一线职工或农民工）；建档困难职工请从档案中列入"
        ]
    if not name:
        errors["recipient_name"] = ["请填写慰问对象姓名"]
    elif WinterDelivery.objects.filter(
        campaign=campaign, org=org, group=group, recipient_name=name
    ).exists():
        errors["recipient_name"] = [f"{org.name}的{name}已在{campaign.name}的慰问名单中"]
    if errors:
        raise ActionError(errors)
    target = WinterDelivery.objects.create(
        campaign=campaign, org=org, group=group, recipient_name=name, amount=Decimal(0)
    )
    audit.record(
        "hardship.winter_target_added",
        actor=user,
        obj=target,
        detail={"campaign": campaign.pk, "group": group, "name": name},
    )
    return target


@transaction.atomic
def record_delivery(
    user: Any, target: WinterDelivery, *, delivered_on: date, amount: Decimal, goods: str = ""
) -> WinterDelivery:
    """Record that the target was visited (送达): the date within the campaign, money > 0."""
    campaign = target.campaign
    _require(user, campaign, target.org)
    errors: dict[str, list[str]] = {}
    if target.delivered_on:
        errors["delivered_on"] = [
            f"{target.recipient_name}已于{target.delivered_on}送达，同一对象一次活动只慰问一次"
        ]
    elif delivered_on > today():
        errors["delivered_on"] = [f"送达日期{delivered_on}晚于今天"]
    elif not campaign.starts_on <= delivered_on <= campaign.ends_on:
        errors["delivered_on"] = [
            f"送达日期须在活动期间（{campaign.starts_on}至{campaign.ends_on}）"
        ]
    if amount is None or amount <= 0:
        errors["amount"] = ["慰问金须大于0元"]
    if errors:
        raise ActionError(errors)
    updated = WinterDelivery.objects.filter(pk=target.pk, delivered_on__isnull=True).update(
        delivered_on=delivered_on, amount=amount, goods=goods.strip()
    )
    if updated == 0:  # someone recorded it since the form was opened
        raise ConflictError(
            f"{target.recipient_name}的慰问已由其他人登记送达，本次未保存。请刷新页面核对。"
        )
    target.refresh_from_db()
    audit.record(
        "hardship.winter_delivered",
        actor=user,
        obj=target,
        detail={"campaign": campaign.pk, "amount": str(amount), "on": delivered_on},
    )
    return target
