"""Role checks for views; refusals are audited and answered 403 (scope misses are 404s)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from gonghui.core import audit
from gonghui.orgs.models import Role

View = Callable[..., HttpResponse]


def role_required(*roles: str) -> Callable[[View], View]:
    """Let through superusers and users with one of the roles; refuse (and audit) the rest."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if user.is_superuser or user.has_role(*roles):  # type: ignore[union-attr]
                return view(request, *args, **kwargs)
            audit.record(
                "access.refused",
                request=request,
                detail={"path": request.path[:200], "needs": list(roles)},
            )
            raise PermissionDenied

        return wrapped

    return decorate


staff_required = role_required(Role.ADMINISTRATOR, Role.OFFICER)
