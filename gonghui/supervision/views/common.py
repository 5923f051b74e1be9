"""What the supervision views share: the staff check and a few helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from gonghui.orgs.permissions import staff_required

View = Callable[..., HttpResponse]


def staff_page(view: View) -> View:
    """Logged in, and an officer or administrator (others get 403, audited)."""
    return login_required(staff_required(view))


def as_of(request: HttpRequest) -> Any:
    return request.as_of  # type: ignore[attr-defined]


def first_error(exc: Any) -> str:
    """A ValidationError's messages as one line."""
    messages = getattr(exc, "messages", None) or [str(exc)]
    return "；".join(str(m) for m in messages)
