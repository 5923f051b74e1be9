"""Login with lockout: 5 failures lock the account for 30 minutes (等保 2.0).

The failure count is reserved atomically *before* the password is checked: each attempt first
claims a slot with one conditional UPDATE (only while the account is not locked and fewer than
the limit are counted), and only an attempt that got a slot has its password checked. So 30
simultaneous wrong passwords cost at most 5 password checks, however the requests interleave;
the attempt that takes the last slot locks the account in the same statement.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Case, F, Q, Value, When
from django.http import HttpRequest
from django.utils import timezone

from gonghui.core import audit


def reserve_attempt(user_pk: int, now: datetime) -> bool:
    """Count one login attempt against the account; False when it is locked (no check then).

    One UPDATE, atomic on every database: a lock that has run out starts the count afresh,
    and the attempt that reaches the limit sets the lock in the same statement.
    """
    User = get_user_model()
    limit = settings.GONGHUI_LOCKOUT_FAILURES
    lock_end = now + timedelta(minutes=settings.GONGHUI_LOCKOUT_MINUTES)
    expired = Q(locked_until__isnull=False)  # the WHERE below leaves only locks that ran out
    # The attempt that reaches the limit locks: after a run-out lock the count restarts at 1.
    reaching_limit = [When(~expired & Q(failed_logins__gte=limit - 1), then=Value(lock_end))]
    if limit <= 1:
        reaching_limit.append(When(expired, then=Value(lock_end)))
    claimed = (
        User._default_manager.filter(pk=user_pk)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .filter(Q(failed_logins__lt=limit) | expired)
        .update(
            failed_logins=Case(When(expired, then=Value(1)), default=F("failed_logins") + 1),
            locked_until=Case(*reaching_limit, default=Value(None)),
        )
    )
    return claimed == 1


class LockoutModelBackend(ModelBackend):
    """Django's backend, counting failures per account and refusing locked accounts."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        user = User._default_manager.filter(username=username).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            audit.record("login.failed", request=request, detail={"username": username[:150]})
            return None
        now = timezone.now()
        if not reserve_attempt(user.pk, now):
            user.refresh_from_db(fields=["failed_logins", "locked_until"])
            if request is not None and user.locked_until:
                request.locked_until = user.locked_until  # type: ignore[attr-defined]
            audit.record("login.locked", actor=user, request=request)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            User._default_manager.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
            user.failed_logins, user.locked_until = 0, None
            return user
        user.refresh_from_db(fields=["failed_logins", "locked_until"])
        locked = user.locked_until is not None and user.locked_until > now
        if locked and request is not None:
            request.locked_until = user.locked_until  # type: ignore[attr-defined]
        audit.record(
            "login.locked_out" if locked else "login.failed",
            actor=user,
            request=request,
            detail={"username": username[:150]},
        )
        return None
