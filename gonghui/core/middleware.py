"""The "as of" date (截至日期) that every page computes its figures for; no-store for the
signed-in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

SESSION_KEY = "as_of"


def default_as_of() -> date:
    """The configured default date (the demo uses 2018-06-30), else today."""
    return settings.GONGHUI_DEFAULT_AS_OF or timezone.localdate()


def parse_as_of(raw: str) -> date | None:
    """Parse YYYY-MM-DD; None when it is not a date."""
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


class AsOfMiddleware:
    """Sets `request.as_of` from ?as_of=, else the session's choice, else the default."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = None
        raw = request.GET.get("as_of")
        if raw:
            chosen = parse_as_of(raw)
            if chosen is None:
                messages.warning(
                    request,
                    _("日期“%(raw)s”格式不正确，应为 2018-06-30 这样的形式。") % {"raw": raw[:20]},
                )
            elif hasattr(request, "session"):
                request.session[SESSION_KEY] = chosen.isoformat()
        if chosen is None and hasattr(request, "session"):
            stored = request.session.get(SESSION_KEY)
            chosen = parse_as_of(stored) if stored else None
        request.as_of = chosen or default_as_of()  # type: ignore[attr-defined]
        return self.get_response(request)


class ChineseByDefaultMiddleware:
    """Chinese unless the user chose another language (the switch sets a cookie).

    The browser's Accept-Language is ignored: office PCs often run English-language browsers,
    and the platform's users work in Chinese.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user.

    Nearly every signed-in page, export, attachment, job output and reveal carries personal
    data (households, petitions, ID numbers), so no browser or proxy may keep a copy; marking
    every authenticated response is simpler and safer than a list that a new view can miss.
    Static files are answered before this middleware (whitenoise) and stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)  # the API's token auth sets it in the view
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        return response
