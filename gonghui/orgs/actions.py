"""Named writes on the org tree (STYLE: writes are actions that validate, write and audit)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from gonghui.core import audit
from gonghui.orgs.models import Org, User


@transaction.atomic
def merge_org(merged: Org, successor: Org, on: date, actor: Any = None) -> Org:
    """Merge a unit into its successor (梅列 into 三元, 2021): the unit is kept, marked as
    succeeded from `on`, and from then on its records count in the successor's figures."""
    if merged.pk == successor.pk:
        raise ValidationError("不能把单位并入它自己")
    if successor.path.startswith(merged.path):
        raise ValidationError(f"{successor.name}在{merged.name}之下，不能作为它的并入单位")
    if merged.successor_id:
        raise ValidationError(f"{merged.name}已于{merged.succeeded_on}并入{merged.successor}")
    merged.successor, merged.succeeded_on = successor, on
    merged.save(update_fields=["successor", "succeeded_on"])
    audit.record(
        "org.merged",
        actor=actor,
        obj=merged,
        org=successor,
        detail={"successor": successor.pk, "on": on.isoformat()},
    )
    return merged


def change_own_password(user: User, new_password: str, request: HttpRequest) -> None:
    """The user sets a password of their own (the form has checked the old one and the rules);
    the session stays signed in, and a forced or expired change is done."""
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    update_session_auth_hash(request, user)
    audit.record("login.password_changed", actor=user, request=request)
