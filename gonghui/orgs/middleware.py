"""Until a forced or expired password is changed, every page leads to the change page."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """Redirects a signed-in user who must change their password (reset by an administrator,
    a new account, or past GONGHUI_PASSWORD_MAX_AGE_DAYS) to the change page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.must_change_password or user.password_expired())
            and not self._exempt(request.path)
        ):
            target = reverse("password_change")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        allowed = (reverse("password_change"), reverse("logout"), reverse("set_language"))
        return path in allowed or path.startswith((settings.STATIC_URL, "/api/"))
