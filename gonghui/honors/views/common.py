"""What the honours pages share: messages, the county column, the figures."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from gonghui.core import indicators
from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import visible_orgs

PAGE_SIZE = 50


def error_text(error: ValidationError) -> str:
    """The refusal's Chinese message(s), joined for a flash message or a form error."""
    return "；".join(str(m) for m in error.messages)


def counties_of_user(request: HttpRequest) -> list[Org]:
    """The county-level unions the user may see (for filters and the county column)."""
    return list(visible_orgs(request.user).filter(level=Level.COUNTY).order_by("admin_code", "pk"))


def county_names(counties: list[Org]) -> dict[int, str]:
    """County id → short name (建宁), for the county column."""
    return {c.pk: c.display_name for c in counties}


def county_of_path(path: str, names: dict[int, str]) -> str:
    """The short name of the county whose id appears in an org's path ("" when none)."""
    for part in path.strip("/").split("/"):
        if part and int(part) in names:
            return names[int(part)]
    return ""


def module_figures(request: HttpRequest) -> list[Any]:
    """The honours figures of the user's own org as of the page's date."""
    org = request.user.org  # type: ignore[union-attr]
    if org is None:
        return []
    return indicators.compute_all(org, request.as_of, prefix="honors.")  # type: ignore[attr-defined]
