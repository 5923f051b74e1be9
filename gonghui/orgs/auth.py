"""Login with lockout: 5 failures lock the account for 30 minutes (等保 2.0)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils import timezone

from gonghui.core import audit


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
        if user.locked_until and user.locked_until > now:
            if request is not None:
                request.locked_until = user.locked_until  # type: ignore[attr-defined]
            audit.record("login.locked", actor=user, request=request)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_logins or user.locked_until:
                User._default_manager.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
                user.failed_logins, user.locked_until = 0, None
            return user
        failures = user.failed_logins + 1
        locked_until = None
        if failures >= settings.GONGHUI_LOCKOUT_FAILURES:
            locked_until = now + timedelta(minutes=settings.GONGHUI_LOCKOUT_MINUTES)
            failures = 0
            if request is not None:
                request.locked_until = locked_until  # type: ignore[attr-defined]
        User._default_manager.filter(pk=user.pk).update(
            failed_logins=failures, locked_until=locked_until
        )
        audit.record(
            "login.locked_out" if locked_until else "login.failed",
            actor=user,
            request=request,
            detail={"username": username[:150]},
        )
        return None
